"""Seed the records of processing activities (GDPR Art. 30) with the association's five
main activities. The text is database content in Lithuanian, edited later in the admin."""

from django.db import migrations

ACTIVITIES = [
    {
        "name": "Narių registras",
        "purpose": (
            "Asociacijos narių (bibliotekų ir fizinių asmenų) apskaita, narystės eiga, "
            "balsavimo teisė visuotiniame narių susirinkime, narių sąrašas narių peržiūrai "
            "ir metinė ataskaita registrui."
        ),
        "legal_basis": "c",
        "legal_basis_detail": (
            "Teisinė prievolė: Asociacijų įstatymo 13 str. 5 d. (narių apskaita), CK 2.82 str. "
            "3 d.; narystės santykis pagal įstatus (BDAR 6 str. 1 d. b p.)."
        ),
        "data_subjects": "Fiziniai asmenys – asociacijos nariai; bibliotekų atstovai.",
        "data_categories": (
            "Vardas, pavardė, el. paštas, telefonas, pareigos, narystės datos ir statusas, "
            "priėmimo ir pašalinimo sprendimai."
        ),
        "recipients": (
            "Asociacijos valdyba ir sekretoriatas; kiti nariai (tik narių sąrašas: vardas, "
            "pavardė); Registrų centras (metinė ataskaita be fizinių asmenų kontaktų)."
        ),
        "retention": (
            "Narystės laikotarpiu ir 5 metus po jos pabaigos; vardas ir pavardė narių "
            "registre saugomi tol, kol to reikalauja įstatymas."
        ),
        "security_measures": (
            "Prieiga pagal roles, dviejų veiksnių autentifikacija administravimo sistemoje, "
            "pakeitimų žurnalas, šifruotas ryšys, atsarginės kopijos."
        ),
    },
    {
        "name": "Renginių ir mokymų registracija",
        "purpose": (
            "Registracija į renginius ir kvalifikacijos tobulinimo mokymus, dalyvių sąrašai, "
            "dalyvavimo apskaita, pažymėjimų išdavimas ir tikrinimas."
        ),
        "legal_basis": "f",
        "legal_basis_detail": (
            "Teisėtas interesas organizuoti renginius ir mokymus nariams (BDAR 6 str. 1 d. "
            "f p.); pažymėjimams – sutartis su dalyviu (b p.)."
        ),
        "data_subjects": "Bibliotekininkai ir kiti renginių bei mokymų dalyviai.",
        "data_categories": (
            "Vardas, pavardė, el. paštas, biblioteka ir pareigos, dalyvavimas, akademinės "
            "valandos, pažymėjimo numeris."
        ),
        "recipients": "Renginio organizatoriai ir lektoriai (tik dalyvių sąrašas).",
        "retention": (
            "Dalyvių sąrašai – 3 metai po renginio; pažymėjimų apskaita – 10 metų "
            "(pažymėjimų tikrinimui)."
        ),
        "security_measures": "Prieiga pagal roles, pakeitimų žurnalas, šifruotas ryšys.",
    },
    {
        "name": "Naujienlaiškiai",
        "purpose": "Asociacijos naujienų, renginių ir projektų informacijos siuntimas el. paštu.",
        "legal_basis": "a",
        "legal_basis_detail": (
            "Asmens sutikimas (BDAR 6 str. 1 d. a p.); sutikimo tekstas, versija ir laikas "
            "saugomi; sutikimą galima atšaukti bet kada."
        ),
        "data_subjects": "Naujienlaiškio prenumeratoriai.",
        "data_categories": "El. paštas, vardas, sutikimo davimo ir atšaukimo laikas.",
        "recipients": "El. laiškų siuntimo paslaugos teikėjas (duomenų tvarkytojas).",
        "retention": (
            "Kol galioja sutikimas; sutikimo įrodymai – 3 metai po sutikimo atšaukimo."
        ),
        "security_measures": (
            "Duomenų tvarkymo sutartis su siuntimo paslaugos teikėju, prieiga pagal roles."
        ),
    },
    {
        "name": "Svetainės paskyros ir prisijungimų žurnalai",
        "purpose": (
            "Naudotojų paskyros narių sričiai ir administravimo sistemai, prisijungimų "
            "saugumas, įtartinų bandymų prisijungti stebėjimas."
        ),
        "legal_basis": "f",
        "legal_basis_detail": (
            "Teisėtas interesas užtikrinti sistemos saugumą (BDAR 6 str. 1 d. f p., "
            "32 str.)."
        ),
        "data_subjects": "Sistemos naudotojai.",
        "data_categories": (
            "El. paštas, vardas, kalba, slaptažodžio maiša, dviejų veiksnių "
            "autentifikacijos duomenys, prisijungimų laikas, IP adresas, naršyklė."
        ),
        "recipients": "Prieglobos paslaugos teikėjas (duomenų tvarkytojas).",
        "retention": (
            "Paskyra – kol asmuo naudojasi sistema; prisijungimų žurnalai – 1 metai."
        ),
        "security_measures": (
            "Slaptažodžių maišos, dviejų veiksnių autentifikacija, prisijungimų ribojimas, "
            "šifruotas ryšys."
        ),
    },
    {
        "name": "Narystės prašymai",
        "purpose": (
            "Bibliotekų prašymų įstoti į asociaciją priėmimas, nagrinėjimas ir valdybos "
            "sprendimo pranešimas."
        ),
        "legal_basis": "b",
        "legal_basis_detail": (
            "Veiksmai prieš sudarant narystės santykį prašymo teikėjo prašymu (BDAR 6 str. "
            "1 d. b p.)."
        ),
        "data_subjects": "Bibliotekų atstovai, pateikę prašymą.",
        "data_categories": "Atstovo vardas, pavardė, pareigos, el. paštas, telefonas.",
        "recipients": "Asociacijos valdyba ir sekretoriatas.",
        "retention": (
            "Priimtų narių prašymai – kaip narių registras; atmesti prašymai – 1 metai po "
            "sprendimo."
        ),
        "security_measures": "Prieiga pagal roles, pakeitimų žurnalas, šifruotas ryšys.",
    },
]


def seed(apps, schema_editor):
    ProcessingActivity = apps.get_model("accounts", "ProcessingActivity")
    for activity in ACTIVITIES:
        ProcessingActivity.objects.update_or_create(
            name=activity["name"], defaults={k: v for k, v in activity.items() if k != "name"}
        )


def unseed(apps, schema_editor):
    ProcessingActivity = apps.get_model("accounts", "ProcessingActivity")
    ProcessingActivity.objects.filter(name__in=[a["name"] for a in ACTIVITIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_privacy")]

    operations = [migrations.RunPython(seed, unseed)]
