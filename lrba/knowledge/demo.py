"""Demonstration data of good practice, the methodological help desk and onboarding.

- Topics of library work, and consultants for most of them: librarians of member
  libraries (from the register demo) given sign-ins, so requests on their topics go to
  them; the rest go to the secretariat.
- Good-practice articles of member libraries in every state: mostly published (a few
  for members only), one submitted, one returned with the secretariat's note, a draft,
  a withdrawn one, and a draft made from an answered help request; pictures on some,
  a PDF handout attached to one. The demo
  representative's library has articles of its own, so "My articles" shows them.
- Help requests in every state with their conversations (an internal note, an answer
  by e-mail, one past its due date), some from the demo representative's library.
- The onboarding of the most recently admitted member library, half done, with a
  mentor library of the same county.

Runs after the register, events, training, governance and finance demos (the
onboarding's automatic checks read invoices and trainings). Histories are dated back from
the day of loading; everything else (which libraries, which people) follows the seed.
Natural keys — a topic's slug, an article's slug, a request's subject and library, the
onboarding's library — make a second run create nothing. Rows are written through the
models (their full_clean), as the services would leave them, since the services stamp
"now" and e-mail the parties; the onboarding goes through its services.
"""

import datetime
import random
import secrets
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from lrba.accounts.models import User
from lrba.core.demo import DEFAULT_SEED, DemoLoaded
from lrba.core.images import image_renditions_make
from lrba.core.numbering import number_next
from lrba.core.text import fold
from lrba.knowledge.demo_pictures import picture_file
from lrba.knowledge.models import (
    HelpMessage,
    HelpRequest,
    Onboarding,
    OnboardingCheck,
    OnboardingStep,
    OnboardingTemplate,
    OnboardingTemplateStep,
    PracticeArticle,
    PracticeAttachment,
    PracticeImage,
    Topic,
    TopicConsultant,
)
from lrba.members.demo import ADMIN_EMAIL, REPRESENTATIVE_EMAIL, _audit_disabled
from lrba.members.models import Employment, Library, Membership, Person

CONSULTANT_PASSWORD = "demo-konsultante"
Status = PracticeArticle.Status
HelpStatus = HelpRequest.Status

# (slug, name, English, description)
TOPICS = (
    (
        "vaiku-skaitymas",
        "Vaikų ir jaunimo skaitymas",
        "Children's and young people's reading",
        "Skaitymo skatinimo programos, knygų klubai, darbas su mokyklomis.",
    ),
    (
        "skaitmenines-paslaugos",
        "Skaitmeninės paslaugos",
        "Digital services",
        "El. katalogas, e. knygos, nuotolinės paslaugos ir bibliotekos svetainė.",
    ),
    (
        "fondu-komplektavimas",
        "Fondų komplektavimas",
        "Collection development",
        "Dokumentų įsigijimas, nurašymas, fondų analizė ir prenumerata.",
    ),
    (
        "renginiai-bendruomenei",
        "Renginiai bendruomenei",
        "Community events",
        "Renginių planavimas, partnerystės su bendruomenėmis, savanoriai.",
    ),
    (
        "informacinis-rastingumas",
        "Informacinis raštingumas",
        "Information literacy",
        "Gyventojų mokymai: paieška, šaltinių vertinimas, saugumas internete.",
    ),
    (
        "krastotyra",
        "Kraštotyra",
        "Local history",
        "Kraštotyros rinkiniai, jų skaitmeninimas ir sklaida.",
    ),
    (
        "paslaugos-senjorams",
        "Paslaugos senjorams",
        "Services for seniors",
        "Knygų pristatymas į namus, skaitmeniniai įgūdžiai, klubai.",
    ),
    (
        "projektu-rengimas",
        "Projektų rengimas",
        "Project writing",
        "Paraiškos Lietuvos kultūros tarybai ir ES programoms, projektų ataskaitos.",
    ),
    (
        "bibliotekos-erdves",
        "Bibliotekos erdvės",
        "Library spaces",
        "Erdvių pertvarka, prieinamumas, baldai ir įranga.",
    ),
    (
        "statistika-ir-ataskaitos",
        "Statistika ir ataskaitos",
        "Statistics and reports",
        "Bibliotekų statistikos ataskaitos ir veiklos rodikliai.",
    ),
)
# The consultants' topics: one consultant a line; topics left out go to the secretariat.
CONSULTANT_TOPICS = (
    ("vaiku-skaitymas", "renginiai-bendruomenei"),
    ("skaitmenines-paslaugos", "informacinis-rastingumas"),
    ("fondu-komplektavimas",),
    ("krastotyra", "projektu-rengimas"),
)


@dataclass(frozen=True)
class PlannedArticle:
    topic: str
    title: str
    summary: str
    how: str
    tip: str
    status: str = Status.PUBLISHED
    audience: str = PracticeArticle.Audience.PUBLIC
    # "representative": the demo representative's library; "consultant": a consultant's
    # library; "": a member library chosen by the seed.
    source: str = ""
    review_note: str = ""
    picture: bool = False
    attachment: str = ""  # the title of a one-page PDF handout attached


ARTICLES = (
    PlannedArticle(
        "vaiku-skaitymas",
        "Skaitymo iššūkis šeimoms: vasara su knyga",
        "Šeimos per vasarą perskaito dešimt knygų ir pažymi jas bendrame žemėlapyje – "
        "dalyvių skaičius per trejus metus išaugo keturis kartus.",
        "Birželio pradžioje šeimos gauna skaitymo pasą, o už kiekvieną perskaitytą knygą – "
        "lipduką. Rugsėjį surengiame šventę su apdovanojimais.",
        "Pradėkite nuo mokyklų: mokytojai mielai išdalija pasus mokiniams prieš atostogas.",
        picture=True,
        attachment="Šeimos skaitymo pasas",
    ),
    PlannedArticle(
        "vaiku-skaitymas",
        "Paauglių knygų klubas, kurį veda patys paaugliai",
        "Klubo susitikimus moderuoja aštuntokai ir devintokai: bibliotekininkė tik padeda "
        "išsirinkti knygas ir paruošti erdvę.",
        "Kas mėnesį klubas renkasi aptarti vienos knygos; moderatoriai keičiasi, "
        "o diskusijų klausimus jie parengia iš anksto.",
        "Leiskite paaugliams rinktis knygas patiems, net jei tai komiksai ar fantastika.",
        picture=True,
    ),
    PlannedArticle(
        "vaiku-skaitymas",
        "Garsiniai skaitymai darželiuose",
        "Bibliotekininkės kas savaitę lankosi darželiuose ir skaito vaikams, o tėvams "
        "rekomenduoja knygas skaitymui namuose.",
        "Susitarėme su trimis darželiais dėl pastovaus laiko; kiekvienas skaitymas baigiasi "
        "trumpa kūrybine užduotimi.",
        "Paprašykite darželio auklėtojų atsiliepimų – jie padeda rinktis knygas.",
        audience=PracticeArticle.Audience.MEMBERS,
    ),
    PlannedArticle(
        "skaitmenines-paslaugos",
        "E. knygų skaitytuvų skolinimas kaimo filialuose",
        "Filialuose skolinami e. knygų skaitytuvai su įkeltomis knygomis – ypač jais "
        "džiaugiasi silpnaregiai skaitytojai, nes raidės padidinamos.",
        "Įsigijome dešimt skaitytuvų, kiekviename – po 50 knygų. Skaitytuvai skolinami "
        "mėnesiui, kaip ir knygos.",
        "Parenkite trumpą naudojimo instrukciją didelėmis raidėmis.",
        picture=True,
        source="representative",
    ),
    PlannedArticle(
        "skaitmenines-paslaugos",
        "Virtualus bibliotekos turas internete",
        "Sukūrėme bibliotekos virtualų turą, kuriame skaitytojai susipažįsta su erdvėmis "
        "ir paslaugomis dar prieš atvykdami.",
        "Nufotografavome erdves 360 laipsnių kamera, o aprašymus parengė jaunimo savanoriai.",
        "Įtraukite turą į bibliotekos svetainę ir socialinių tinklų paskyras.",
    ),
    PlannedArticle(
        "fondu-komplektavimas",
        "Skaitytojų pageidavimų knyga komplektuojant fondą",
        "Skaitytojai pageidavimus palieka popierinėje knygoje ir svetainėje; kas ketvirtį "
        "bent trečdalį naujų knygų perkame pagal juos.",
        "Pageidavimus surenkame į vieną lentelę ir aptariame komplektavimo komisijoje.",
        "Praneškite skaitytojui, kai jo pageidauta knyga atkeliauja – tai labai vertinama.",
    ),
    PlannedArticle(
        "fondu-komplektavimas",
        "Fondo nurašymas be skausmo: knygų mainų lentyna",
        "Nurašytas, bet tvarkingas knygas dedame į mainų lentyną – jos randa naujus "
        "skaitytojus, o fondas atsinaujina.",
        "Nurašymo aktus tvarkome įprastai, o knygas pažymime antspaudu „Nurašyta“.",
        "Laikykite mainų lentyną prie įėjimo – ji pritraukia ir retus lankytojus.",
        audience=PracticeArticle.Audience.MEMBERS,
    ),
    PlannedArticle(
        "renginiai-bendruomenei",
        "Kaimo bendruomenės vakarai bibliotekoje",
        "Kartą per mėnesį biblioteka tampa bendruomenės svetaine: vietos žmonės pasakoja "
        "apie savo pomėgius, amatus ir keliones.",
        "Pranešėjus renkamės kartu su seniūnija, renginius skelbiame skelbimų lentoje ir "
        "bendruomenės grupėje.",
        "Nebijokite mažų renginių: dešimt žmonių prie arbatos – irgi sėkmė.",
        picture=True,
    ),
    PlannedArticle(
        "renginiai-bendruomenei",
        "Protmūšiai bibliotekoje: jaunimas grįžta",
        "Kas antrą penktadienį vykstantys protmūšiai į biblioteką sugrąžino jaunimą, "
        "kuris anksčiau joje nesilankė.",
        "Klausimus rengia savanoriai, o temos susijusios su knygomis, kinu ir kraštu.",
        "Prizai nebūtini – svarbiau gera nuotaika ir reguliarumas.",
        source="consultant",
    ),
    PlannedArticle(
        "informacinis-rastingumas",
        "Kaip atpažinti sukčius internete: mokymai gyventojams",
        "Trumpi praktiniai mokymai, kuriuose gyventojai mokosi atpažinti sukčių žinutes, "
        "netikras svetaines ir skambučius.",
        "Mokymus vedame mažomis grupėmis po šešis žmones, kiekvienas dirba savo telefonu.",
        "Naudokite tikrus pavyzdžius iš naujienų – jie įtikina geriausiai.",
        picture=True,
        source="representative",
    ),
    PlannedArticle(
        "informacinis-rastingumas",
        "Šaltinių vertinimo pamokos moksleiviams",
        "Kartu su mokykla parengėme pamokų ciklą, kaip vertinti informacijos šaltinius ir "
        "rasti patikimą informaciją.",
        "Pamokos vyksta bibliotekoje per informatikos ir lietuvių kalbos pamokas.",
        "Susiekite užduotis su mokinių rašomais darbais – tada jos prasmingos.",
        audience=PracticeArticle.Audience.MEMBERS,
    ),
    PlannedArticle(
        "krastotyra",
        "Kaimo atsiminimų archyvas kartu su mokiniais",
        "Mokiniai kalbina senelius ir kaimynus, o biblioteka atsiminimus saugo ir skelbia "
        "kraštotyros duomenų bazėje.",
        "Mokiniams parengėme klausimyną ir trumpą pokalbio įrašymo instrukciją.",
        "Gaukite pasakotojų sutikimą raštu – vėliau bus lengviau skelbti.",
        picture=True,
    ),
    PlannedArticle(
        "paslaugos-senjorams",
        "Knygnešiai: knygų pristatymas į namus",
        "Savanoriai knygnešiai kas dvi savaites pristato knygas senjorams, kurie negali "
        "atvykti į biblioteką.",
        "Užsakymus priimame telefonu, o savanoriai knygas pristato pakeliui iš darbo.",
        "Palaikykite ryšį su socialiniais darbuotojais – jie žino, kam paslauga reikalinga.",
    ),
    PlannedArticle(
        "projektu-rengimas",
        "Pirmoji paraiška Lietuvos kultūros tarybai: ką išmokome",
        "Nedidelė biblioteka pirmą kartą gavo finansavimą – dalijamės, kaip rengėme "
        "paraišką ir ko vengti.",
        "Paraišką rengėme dviese, o biudžetą suderinome su savivaldybės buhaltere.",
        "Pradėkite anksti ir paprašykite kolegų, jau gavusių finansavimą, perskaityti paraišką.",
    ),
    PlannedArticle(
        "bibliotekos-erdves",
        "Tylos kambarys iš buvusio sandėlio",
        "Buvusį sandėlį pavertėme tylos kambariu nuotoliniu būdu dirbantiems ir "
        "besimokantiems gyventojams.",
        "Išlaidas padengė savivaldybė, o baldus padovanojo vietos įmonė.",
        "Užtikrinkite gerą internetą ir elektros lizdus prie kiekvienos vietos.",
        status=Status.SUBMITTED,
        source="consultant",
    ),
    PlannedArticle(
        "paslaugos-senjorams",
        "Senjorų skaitmeninių įgūdžių klubas",
        "Klubas susitinka kas savaitę: senjorai mokosi naudotis išmaniaisiais telefonais "
        "ir e. paslaugomis.",
        "Temas renkamės pagal narių klausimus.",
        "Kantrybė svarbiau už programą.",
        status=Status.RETURNED,
        source="representative",
        review_note="Ačiū už gerą patirtį! Prašome papildyti: kiek narių lanko klubą, kas "
        "veda užsiėmimus ir kokių priemonių prireikė. Tada straipsnį paskelbsime.",
    ),
    PlannedArticle(
        "renginiai-bendruomenei",
        "Kalėdinė knygų mugė bendruomenės namuose",
        "Juodraštis: aprašysime kalėdinę knygų mugę, surengtą kartu su bendruomene.",
        "Mugėje dalyvavo vietos autoriai ir leidėjai.",
        "Mugę planuokite prieš du mėnesius.",
        status=Status.DRAFT,
        source="representative",
    ),
    PlannedArticle(
        "fondu-komplektavimas",
        "Periodikos prenumeratos planavimas",
        "Kaip planuojame periodikos prenumeratą pagal skaitomumą ir biudžetą.",
        "Skaitomumą skaičiuojame pagal išdavimus.",
        "Peržiūrėkite sąrašą kasmet.",
        status=Status.WITHDRAWN,
        review_note="Straipsnis išimtas bibliotekos prašymu: rengiama nauja redakcija.",
    ),
)

# Help requests: (status, topic, who asks ("representative" or "" for a Board member's
# library), days ago asked, subject, question, the conversation after it). The
# conversation: (who, days after asking, text); who is "desk" (the assignee or the
# secretariat), "library", "note" (the desk's internal note) or "email" (the library
# answering by e-mail).
HELP_REQUESTS = (
    (
        HelpStatus.NEW,
        "krastotyra",
        "representative",
        1,
        "Kaip aprašyti kraštotyros nuotraukas, kai nežinomas autorius?",
        "Gavome dovanų apie 200 senų nuotraukų iš vieno kaimo. Daugumos autorius nežinomas. "
        "Kaip jas aprašyti ir ar galime skelbti internete?",
        (),
    ),
    (
        HelpStatus.NEW,
        "statistika-ir-ataskaitos",
        "",
        2,
        "Ar filialų renginius skaičiuoti atskirai statistikos ataskaitoje?",
        "Rengiame metinę statistikos ataskaitą. Ar filialuose vykę renginiai nurodomi "
        "atskirai, ar kartu su centrine biblioteka?",
        (),
    ),
    (
        HelpStatus.IN_PROGRESS,
        "fondu-komplektavimas",
        "",
        6,
        "Nurašymo akto forma po savivaldybės reorganizacijos",
        "Po reorganizacijos pasikeitė savivaldybės administracijos struktūra. Kas dabar "
        "tvirtina nurašymo aktus ir kokia forma?",
        (
            ("desk", 1, "Gavome klausimą, tikslinsime su savivaldybės teisininkais."),
            (
                "note",
                2,
                "Paskambinau savivaldybės Kultūros skyriui – atsakymo laukiame iki penktadienio.",
            ),
        ),
    ),
    (
        HelpStatus.IN_PROGRESS,
        "skaitmenines-paslaugos",
        "representative",
        16,
        "Skaitytojų duomenų perkėlimas į naują bibliotekų sistemą",
        "Pereiname prie naujos bibliotekų informacinės sistemos. Kaip saugiai perkelti "
        "skaitytojų duomenis ir ką pranešti skaitytojams?",
        (
            (
                "desk",
                2,
                "Siųsiu duomenų perkėlimo kontrolinį sąrašą ir skaitytojams skirto "
                "pranešimo pavyzdį. Ar perkėlimą atliks sistemos tiekėjas?",
            ),
            ("library", 3, "Taip, perkels tiekėjas, mes tik patikrinsime rezultatą."),
            (
                "note",
                4,
                "Reikia pasitarti su duomenų apsaugos pareigūnu dėl sutarties su tiekėju.",
            ),
        ),
    ),
    (
        HelpStatus.IN_PROGRESS,
        "vaiku-skaitymas",
        "",
        21,
        "Vasaros skaitymo programos finansavimas",
        "Kur ieškoti finansavimo vasaros skaitymo programai vaikams? Savivaldybė skyrė tik "
        "dalį reikalingos sumos.",
        (("desk", 3, "Ačiū už klausimą, surinksiu galimus finansavimo šaltinius."),),
    ),
    (
        HelpStatus.WAITING,
        "renginiai-bendruomenei",
        "",
        9,
        "Renginių su savanoriais organizavimo tvarka",
        "Norime įtraukti savanorius į renginius. Ar reikia pasirašyti sutartis ir kaip "
        "apskaityti jų darbą?",
        (
            (
                "desk",
                2,
                "Savanoriškos veiklos sutartis rekomenduojama. Ar savanoriai bus "
                "nepilnamečiai? Nuo to priklauso tvarka.",
            ),
        ),
    ),
    (
        HelpStatus.WAITING,
        "projektu-rengimas",
        "representative",
        12,
        "Projekto biudžeto eilutės: ar galima pirkti baldus?",
        "Rengiame paraišką Lietuvos kultūros tarybai. Ar į projekto biudžetą galima "
        "įtraukti baldus renginių erdvei?",
        (
            (
                "desk",
                1,
                "Priklauso nuo programos sąlygų. Atsiųskite, kuriai programai teikiate – "
                "pažiūrėsiu nuostatus.",
            ),
        ),
    ),
    (
        HelpStatus.ANSWERED,
        "informacinis-rastingumas",
        "",
        25,
        "Mokymų gyventojams medžiaga apie saugumą internete",
        "Ar turite parengtos medžiagos mokymams apie saugumą internete senjorams?",
        (
            (
                "desk",
                2,
                "Taip: siunčiu skaidres ir užduočių lapus, parengtus projekte „Bibliotekos – "
                "skaitmeninio raštingumo centrai“. Galite juos laisvai naudoti ir keisti.",
            ),
            ("email", 3, "Labai ačiū, medžiaga puiki!"),
        ),
    ),
    (
        HelpStatus.ANSWERED,
        "vaiku-skaitymas",
        "representative",
        33,
        "Kaip pritraukti paauglius į biblioteką?",
        "Paaugliai pas mus beveik nesilanko. Gal kitos bibliotekos turi sėkmingos patirties?",
        (
            (
                "desk",
                3,
                "Geriausiai pasiteisina knygų klubai, kuriuos veda patys paaugliai, ir "
                "stalo žaidimų vakarai. Gerosios patirties bibliotekoje rasite kelis "
                "aprašymus.",
            ),
            ("library", 4, "Ačiū, pabandysime stalo žaidimų vakarus."),
            (
                "desk",
                5,
                "Puiku! Po kelių mėnesių papasakokite, kaip sekėsi – galbūt tai taps "
                "gerąja patirtimi.",
            ),
        ),
    ),
    (
        HelpStatus.ANSWERED,
        "bibliotekos-erdves",
        "",
        40,
        "Prieinamumo reikalavimai renovuojant biblioteką",
        "Planuojame renovaciją. Kokius prieinamumo reikalavimus turime įvertinti?",
        (
            (
                "desk",
                4,
                "Svarbiausia: pandusas ir automatinės durys, neslidi grindų danga, "
                "žemesnis aptarnavimo stalas ir tualetas žmonėms su negalia.",
            ),
        ),
    ),
    (
        HelpStatus.CLOSED,
        "statistika-ir-ataskaitos",
        "representative",
        70,
        "Lankytojų skaičiavimas renginiuose lauke",
        "Kaip skaičiuoti lankytojus renginiuose, vykstančiuose lauke prie bibliotekos?",
        (
            (
                "desk",
                2,
                "Renginio dalyviai skaičiuojami atskirai nuo bibliotekos lankytojų; "
                "užtenka apytikslio skaičiaus.",
            ),
            ("library", 3, "Aišku, ačiū."),
        ),
    ),
    (
        HelpStatus.CLOSED,
        "fondu-komplektavimas",
        "",
        95,
        "Dovanotų knygų priėmimas į fondą",
        "Gyventojai dovanoja daug knygų. Ar visas turime įtraukti į fondą?",
        (
            (
                "desk",
                1,
                "Ne: priimkite tik tas, kurios atitinka komplektavimo politiką; kitas "
                "galite perduoti į mainų lentyną.",
            ),
        ),
    ),
)


def demo_data_present() -> bool:
    return PracticeArticle.objects.exists() or HelpRequest.objects.exists()


def demo_data_load(*, scale: int, people: int | None, seed: int) -> DemoLoaded:
    """The knowledge part of `manage.py demo_data`."""
    created, accounts = knowledge_demo_load(seed=seed)
    return DemoLoaded(created=created, accounts=accounts)


def knowledge_demo_load(
    *, seed: int = DEFAULT_SEED
) -> tuple[dict[str, int], list[tuple[str, str, str]]]:
    admin = User.objects.filter(email__iexact=ADMIN_EMAIL).first()
    representative = User.objects.filter(email__iexact=REPRESENTATIVE_EMAIL).first()
    created: dict[str, int] = {}
    accounts: list[tuple[str, str, str]] = []
    with transaction.atomic(), _audit_disabled():
        created["topics"] = _load_topics()
        consultants, created["consultant sign-ins"] = _load_consultants(seed)
        if consultants:
            accounts.append(("consultant", consultants[0].email, CONSULTANT_PASSWORD))
        created["practice articles"] = _load_articles(
            seed=seed, representative=representative, consultants=consultants, admin=admin
        )
        created["help requests"] = _load_help_requests(
            seed=seed, representative=representative, admin=admin
        )
        created["onboardings"] = _load_onboarding(admin)
    return created, accounts


# Topics and consultants -----------------------------------------------------------------------


def _load_topics() -> int:
    existing = set(Topic.objects.values_list("slug", flat=True))
    new = 0
    for position, (slug, name, name_en, description) in enumerate(TOPICS, start=1):
        if slug in existing:
            continue
        topic = Topic(
            slug=slug, name=name, name_en=name_en, description=description, position=position
        )
        topic.full_clean()
        topic.save()
        new += 1
    return new


def _consultant_people(seed: int) -> list[Person]:
    """Librarians (not directors) of member county or municipal public libraries, with an
    e-mail and no sign-in yet, in distinct libraries: the seed picks them."""
    rows = list(
        Employment.objects.current()
        .filter(
            is_director=False,
            library__in=Library.objects.members().filter(
                kind__in=[Library.Kind.COUNTY_PUBLIC, Library.Kind.MUNICIPAL_PUBLIC]
            ),
            person__user__isnull=True,
        )
        .exclude(person__email="")
        .order_by("person__email")
        .values_list("person_id", "library_id")
    )
    rng = random.Random(f"{seed}:consultants")
    rng.shuffle(rows)
    chosen: list[int] = []
    libraries: set[int] = set()
    for person_id, library_id in rows:
        if library_id in libraries or person_id in chosen:
            continue
        chosen.append(person_id)
        libraries.add(library_id)
        if len(chosen) == len(CONSULTANT_TOPICS):
            break
    people = Person.objects.in_bulk(chosen)
    return [people[pk] for pk in chosen]


def _load_consultants(seed: int) -> tuple[list[User], int]:
    """The consultants' sign-ins, in CONSULTANT_TOPICS order; (users, how many new)."""
    topics = dict(Topic.objects.values_list("slug", "pk"))
    if TopicConsultant.objects.exists():
        users = []
        for row in TopicConsultant.objects.select_related("person__user").order_by("pk"):
            if row.person.user and row.person.user not in users:
                users.append(row.person.user)
        return users, 0
    users, new = [], 0
    # One hash for the shared demo password: hashing is slow on purpose, once is enough.
    password = make_password(CONSULTANT_PASSWORD)
    for person, slugs in zip(_consultant_people(seed), CONSULTANT_TOPICS, strict=False):
        user = User.objects.filter(email__iexact=person.email).first()
        if user is None:
            user = User.objects.create_user(person.email, None, full_name=person.full_name)
            user.password = password
            user.save(update_fields=["password"])
            new += 1
        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        person.user = user
        person.save(update_fields=["user"])
        for slug in slugs:
            row = TopicConsultant(
                topic_id=topics[slug], person=person, note="Demonstracinė konsultantė"
            )
            row.full_clean()
            row.save()
        users.append(user)
    return users, new


# Good practice --------------------------------------------------------------------------------


def _library_of(user: User | None) -> Library | None:
    if user is None:
        return None
    employment = (
        Employment.objects.current()
        .filter(person__user=user)
        .select_related("library__municipality")
        .order_by("-is_director", "pk")
        .first()
    )
    return employment.library if employment else None


def _slug(title: str, taken: set[str]) -> str:
    base = slugify(fold(title))[:100].strip("-") or "patirtis"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, 0))


def _load_articles(
    *, seed: int, representative: User | None, consultants: list[User], admin: User | None
) -> int:
    if PracticeArticle.objects.exists():
        return 0
    rng = random.Random(f"{seed}:articles")
    today = timezone.localdate()
    topics = {t.slug: t for t in Topic.objects.all()}
    libraries = list(
        Library.objects.members()
        .exclude(kind=Library.Kind.OTHER)
        .select_related("municipality")
        .order_by("slug")
    )
    represented = _library_of(representative)
    consultant_libraries = [(u, _library_of(u)) for u in consultants]
    directors = {
        e.library_id: e.person
        for e in Employment.objects.current()
        .filter(is_director=True, library__in=libraries)
        .select_related("person")
        .order_by("pk")
    }
    taken: set[str] = set()
    new = 0
    for index, planned in enumerate(ARTICLES):
        author: User | None = None
        library: Library | None = None
        if planned.source == "representative" and represented is not None:
            author, library = representative, represented
        elif planned.source == "consultant" and consultant_libraries:
            author, library = consultant_libraries[index % len(consultant_libraries)]
        if library is None:
            library = rng.choice(libraries)
        person = directors.get(library.pk)
        author_name = author.get_full_name() if author else (person.full_name if person else "")
        days_ago = 330 - index * 17 if planned.status == Status.PUBLISHED else rng.randint(3, 20)
        written = _at(today - datetime.timedelta(days=days_ago), 10)
        body = (
            f"<p>{planned.summary}</p><h2>Kaip tai daroma</h2><p>{planned.how}</p>"
            f"<h2>Ką patartume kolegoms</h2><p>{planned.tip}</p>"
        )
        article = PracticeArticle(
            title=planned.title,
            slug=_slug(planned.title, taken),
            summary=planned.summary,
            body=body,
            library=library,
            county=library.municipality.county,
            topic=topics[planned.topic],
            author=author,
            author_name=author_name,
            status=planned.status,
            audience=planned.audience,
            review_note=planned.review_note,
            created_at=written,
        )
        if planned.status != Status.DRAFT:
            article.submitted_at = written + datetime.timedelta(days=1)
        if planned.status in (Status.PUBLISHED, Status.WITHDRAWN, Status.RETURNED):
            article.reviewed_by = admin
        if planned.status in (Status.PUBLISHED, Status.WITHDRAWN):
            article.published_at = written + datetime.timedelta(days=3)
        article.full_clean()
        article.save()
        if planned.picture:
            picture = PracticeImage(
                article=article,
                alt_text=f"Iliustracija: knygų lentyna ir raidė „{planned.title[0]}“",
                alt_text_en=f"Illustration: a bookshelf and the letter {planned.title[0]}",
                credit="LRBA demonstracinė iliustracija",
            )
            picture.image = picture_file(
                key=f"practice:{article.slug}",
                letter=planned.title[0],
                name=f"{article.slug[:80]}.png",
            )
            picture.full_clean()
            picture.save()
            image_renditions_make(picture)
        if planned.attachment:
            _attachment_add(article, planned.attachment)
        new += 1
    return new


def _attachment_add(article: PracticeArticle, title: str) -> None:
    from lrba.core.pdf import render_pdf

    pdf = render_pdf(
        "knowledge/pdf/demo_attachment.html",
        {"title": title, "library": article.library.name, "weeks": range(1, 11)},
    )
    attachment = PracticeAttachment(
        article=article,
        title=title,
        file=ContentFile(pdf, name=f"{slugify(fold(title))}.pdf"),
        created_at=article.created_at,
    )
    attachment.full_clean()
    attachment.save()


# Help desk ------------------------------------------------------------------------------------


def _askers(representative: User | None) -> list[tuple[User, Library]]:
    """Who asks: the demo representative first, then the other demo sign-ins working at a
    member library (the Board's), each with their library."""
    users = (
        User.objects.filter(
            person__employments__in=Employment.objects.current().at_member_libraries()
        )
        .exclude(email__iexact=ADMIN_EMAIL)
        .exclude(pk__in=TopicConsultant.objects.values("person__user"))
        .distinct()
        .order_by("email")
    )
    askers = []
    if representative is not None and (library := _library_of(representative)):
        askers.append((representative, library))
    for user in users:
        library = _library_of(user)
        if user != representative and library is not None:
            askers.append((user, library))
    return askers


def _load_help_requests(*, seed: int, representative: User | None, admin: User | None) -> int:
    from lrba.knowledge.selectors.helpdesk import topic_consultant_for

    askers = _askers(representative)
    if not askers:
        return 0
    existing = set(HelpRequest.objects.values_list("library_id", "subject"))
    topics = {t.slug: t for t in Topic.objects.all()}
    now = timezone.now()
    others = askers[1:] or askers
    rng = random.Random(f"{seed}:help")
    planned = []
    for status, topic_slug, source, days_ago, subject, question, talk in HELP_REQUESTS:
        user, library = askers[0] if source == "representative" else rng.choice(others)
        planned.append(
            (days_ago, status, topics[topic_slug], user, library, subject, question, talk)
        )
    new = 0
    # Oldest first: the numbers grow with the date.
    for days_ago, status, topic, user, library, subject, question, talk in sorted(
        planned, key=lambda row: -row[0]
    ):
        if (library.pk, subject) in existing:
            continue
        asked = now - datetime.timedelta(days=days_ago, hours=rng.randint(1, 6))
        assignee = topic_consultant_for(topic, library=library)
        desk = assignee or admin
        year = timezone.localdate(asked).year
        (number,) = number_next(series_key=f"helpdesk-{year}")
        request = HelpRequest(
            number=f"MP-{year}-{number:04d}",
            library=library,
            asked_by=user,
            topic=topic,
            subject=subject,
            description=question,
            status=status,
            assignee=assignee,
            due_on=timezone.localdate(asked) + datetime.timedelta(days=10),
            reply_token=secrets.token_urlsafe(24),
            created_at=asked,
        )
        request.full_clean()
        request.save()
        messages = [
            HelpMessage(
                request=request,
                author=user,
                author_name=user.get_full_name(),
                body=question,
                created_at=asked,
            )
        ]
        for who, after, text in talk:
            written = asked + datetime.timedelta(days=after, hours=2)
            from_desk = who in ("desk", "note")
            author = desk if from_desk else user
            messages.append(
                HelpMessage(
                    request=request,
                    author=author,
                    author_name=author.get_full_name() if author else "",
                    body=text,
                    is_internal=who == "note",
                    channel=HelpMessage.Channel.EMAIL
                    if who == "email"
                    else HelpMessage.Channel.SITE,
                    created_at=written,
                )
            )
            if who == "desk":
                request.first_response_at = request.first_response_at or written
                if status in (HelpStatus.ANSWERED, HelpStatus.CLOSED):
                    request.answered_at = written
        if status == HelpStatus.CLOSED:
            request.closed_at = messages[-1].created_at + datetime.timedelta(days=1)
        for message in messages:
            message.full_clean()
        HelpMessage.objects.bulk_create(messages)
        request.save(update_fields=["first_response_at", "answered_at", "closed_at"])
        new += 1
    _article_from_answered(admin)
    return new


def _article_from_answered(admin: User | None) -> None:
    """A draft article the secretariat made from an answered request (the service does it
    as the desk would)."""
    from lrba.knowledge.services.practice import article_from_help_request

    answered = (
        HelpRequest.objects.filter(status=HelpStatus.ANSWERED, articles__isnull=True)
        .order_by("created_at")
        .first()
    )
    if (
        answered is None
        or admin is None
        or PracticeArticle.objects.filter(help_request__isnull=False).exists()
    ):
        return
    article_from_help_request(help_request=answered, by=admin)


# Onboarding -----------------------------------------------------------------------------------

DEFAULT_STEPS = (
    ("Atstovo paskyra", "Representative's account", OnboardingCheck.REPRESENTATIVE_ACCOUNT, 7),
    ("Bibliotekos aprašymas", "Library profile", OnboardingCheck.LIBRARY_PROFILE, 14),
    ("Pirmoji nario mokesčio sąskaita", "First fee invoice", OnboardingCheck.FIRST_INVOICE, 30),
    ("Pirmieji mokymai", "First training", OnboardingCheck.FIRST_TRAINING, 90),
    ("Globėja biblioteka", "Mentor library", OnboardingCheck.MENTOR, 14),
    ("Susipažinimo pokalbis", "Welcome call", OnboardingCheck.MANUAL, 10),
)


def _default_template() -> OnboardingTemplate:
    """The default template (knowledge migration 0002 ships one; made here if gone)."""
    template = OnboardingTemplate.objects.filter(is_default=True).first()
    if template is not None:
        return template
    template = OnboardingTemplate(name="Naujos narės pirmieji žingsniai", is_default=True)
    template.full_clean()
    template.save()
    for position, (title, title_en, check, days) in enumerate(DEFAULT_STEPS, start=1):
        step = OnboardingTemplateStep(
            template=template,
            title=title,
            title_en=title_en,
            done_when=check,
            due_days=days,
            position=position,
        )
        step.full_clean()
        step.save()
    return template


def _load_onboarding(admin: User | None) -> int:
    """The most recently admitted member library's checklist, started on its admission,
    with a mentor library of its county and the first manual step ticked."""
    from lrba.knowledge.services.onboarding import (
        onboarding_mentor_set,
        onboarding_start,
        onboarding_step_set,
    )

    membership = (
        Membership.objects.current()
        .filter(library__isnull=False, joined_on__isnull=False)
        .select_related("library__municipality")
        .order_by("-joined_on", "-pk")
        .first()
    )
    if membership is None or Onboarding.objects.filter(library=membership.library).exists():
        return 0
    library = membership.library
    onboarding = onboarding_start(
        library=library, template=_default_template(), on=membership.joined_on
    )
    if onboarding is None:
        return 0
    mentor = (
        Library.objects.members()
        .filter(municipality__county=library.municipality.county_id)
        .filter(Q(kind=Library.Kind.COUNTY_PUBLIC) | Q(kind=Library.Kind.MUNICIPAL_PUBLIC))
        .exclude(pk=library.pk)
        .order_by("-kind", "slug")
        .first()
    )
    if admin is not None:
        if mentor is not None:
            onboarding_mentor_set(onboarding=onboarding, mentor_library=mentor, by=admin)
        manual = onboarding.steps.filter(done_when=OnboardingCheck.MANUAL).order_by("position")
        first = manual.first()
        if first is not None:
            onboarding_step_set(
                step=first, done=True, by=admin, note="Susitikome bibliotekoje, aptarėme planą."
            )
            OnboardingStep.objects.filter(pk=first.pk).update(
                done_at=_at(membership.joined_on + datetime.timedelta(days=6), 11)
            )
    return 1
