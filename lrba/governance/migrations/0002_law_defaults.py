"""The bodies and the law's default rules (DESIGN §5, Facts §1.1–1.2), as the first
statute version. The secretariat records the association's own statutes as a newer
version in the back office; a meeting is judged by the version in force on its date."""

import datetime

from django.db import migrations

ASSOCIATIONS_LAW = "Asociacijų įstatymo"

KINDS = (
    # code, name, majority, numerator, denominator, strict, clause, filing, body
    ("ordinary", "Įprastas sprendimas", "for_over_against", 1, 2, False,
     f"{ASSOCIATIONS_LAW} 8 str. 7 d.; Civilinio kodekso 2.93 str. 2 d.", False, ""),
    ("statute_amendment", "Įstatų keitimas", "share_of_participants", 2, 3, False,
     f"{ASSOCIATIONS_LAW} 8 str. 1 d. 1 p., 7 d.", True, "general_meeting"),
    ("reorganisation", "Pertvarkymas, reorganizavimas ar likvidavimas",
     "share_of_participants", 2, 3, False, f"{ASSOCIATIONS_LAW} 8 str. 1 d. 6 p., 7 d.",
     True, "general_meeting"),
    ("board_election", "Valdybos rinkimai", "plurality", 1, 2, False,
     f"{ASSOCIATIONS_LAW} 8 str. 1 d. 2 p., 7 d. (rinkimų tvarką nustato įstatai)", True,
     "general_meeting"),
    ("annual_statements", "Metinių finansinių ataskaitų rinkinio ir veiklos ataskaitos "
     "tvirtinimas", "for_over_against", 1, 2, False,
     f"{ASSOCIATIONS_LAW} 8 str. 1 d. 5 p., 7 d.; Civilinio kodekso 2.66 str. 4 d.", True,
     "general_meeting"),
    ("fees", "Stojamųjų ir nario mokesčių nustatymas", "for_over_against", 1, 2, False,
     f"{ASSOCIATIONS_LAW} 8 str. 1 d. 4 p., 7 d.", False, "general_meeting"),
    ("admission", "Narių priėmimas", "for_over_against", 1, 2, False,
     f"{ASSOCIATIONS_LAW} 12 str. 2 d. 7 p. (priėmimo tvarką nustato įstatai)", False, "board"),
    ("expulsion", "Narių pašalinimas", "for_over_against", 1, 2, False,
     f"{ASSOCIATIONS_LAW} 12 str. 2 d. 7 p. (pašalinimo tvarką nustato įstatai)", False, "board"),
)


def law_defaults_add(apps, schema_editor):
    Body = apps.get_model("governance", "Body")
    StatuteRules = apps.get_model("governance", "StatuteRules")
    DecisionKind = apps.get_model("governance", "DecisionKind")
    Body.objects.get_or_create(
        kind="general_meeting",
        defaults={
            "name": "Visuotinis narių susirinkimas",
            "name_en": "General Meeting of members",
            "name_genitive": "Visuotinio narių susirinkimo",
            "code": "VNS",
        },
    )
    Body.objects.get_or_create(
        kind="board",
        defaults={
            "name": "Valdyba",
            "name_en": "Board",
            "name_genitive": "Valdybos",
            "code": "V",
        },
    )
    rules, created = StatuteRules.objects.get_or_create(
        in_force_from=datetime.date(2012, 1, 1),
        defaults={
            "version": "Įstatymo numatytosios taisyklės",
            "notice_clause": "Asociacijos įstatai (Asociacijų įstatymo 8 str. 6 d., "
            "12 str. 2 d. 8 p.)",
            "channels_clause": "Asociacijos įstatai (Asociacijų įstatymo 7 str. 7 d., "
            "12 str. 2 d. 8 p.)",
            "notes": "Įstatymo numatytosios taisyklės. Įrašykite asociacijos įstatų "
            "redakciją kaip naują versiją nuo jos įsigaliojimo dienos.",
        },
    )
    if not created:
        return
    for code, name, majority, numerator, denominator, strict, clause, filing, body in KINDS:
        DecisionKind.objects.create(
            rules=rules,
            code=code,
            name=name,
            majority=majority,
            numerator=numerator,
            denominator=denominator,
            strict=strict,
            clause=clause,
            needs_registry_filing=filing,
            body_kind=body,
        )


class Migration(migrations.Migration):
    dependencies = [("governance", "0001_initial")]

    operations = [migrations.RunPython(law_defaults_add, migrations.RunPython.noop)]
