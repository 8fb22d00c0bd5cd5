"""Demonstration data: a made-up but realistic Lithuanian member register.

`demo_load()` builds everything in memory from one seed (so two runs give the same data),
then inserts only what is missing, in batches. Every generated row has a natural key
(library slug, person e-mail, application code, the member of a membership), so a second
run with the same arguments creates nothing. The libraries are the real kinds of
Lithuanian library (Facts §3.2) with invented legal-entity codes; the people are random
combinations of common first names and surnames, not real persons.
"""

import datetime
import hashlib
import random
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.db import transaction
from django.utils.text import slugify

from lrba.accounts.models import User
from lrba.core.cache import REGISTER, content_changed
from lrba.core.demo import DEFAULT_SEED, DemoLoaded
from lrba.core.geography import COUNTY_LIBRARIES
from lrba.core.grammar import genitive_suggestion
from lrba.core.models import Municipality
from lrba.core.text import fold
from lrba.members.models import (
    Employment,
    Library,
    Membership,
    MembershipApplication,
    MembershipStatusChange,
    Person,
)

DEMO_DOMAIN = "demo.lrba.lt"
ADMIN_EMAIL, ADMIN_PASSWORD = f"admin@{DEMO_DOMAIN}", "demo-admin"
MEMBER_EMAIL, MEMBER_PASSWORD = f"nare@{DEMO_DOMAIN}", "demo-nare"
# The director of a member library: "My library", staff and invitations.
REPRESENTATIVE_EMAIL, REPRESENTATIVE_PASSWORD = f"atstove@{DEMO_DOMAIN}", "demo-atstove"
BATCH = 1000
FOUNDED = datetime.date(2012, 3, 1)
# Fixed, so the data do not depend on the day they are loaded.
LATEST = min(datetime.date(2026, 11, 1), datetime.date.today())

Kind = Library.Kind
Form = Library.LegalForm
Status = Membership.Status
EndReason = Membership.EndReason

# The county libraries' municipalities (their county centres).
COUNTY_LIBRARY_HOMES = {
    "Vilniaus apskrities Adomo Mickevičiaus viešoji biblioteka": "vilniaus-miesto",
    "Kauno apskrities viešoji biblioteka": "kauno-miesto",
    "Klaipėdos apskrities viešoji Ievos Simonaitytės biblioteka": "klaipedos-miesto",
    "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka": "panevezio-miesto",
    "Šiaulių apskrities Povilo Višinskio viešoji biblioteka": "siauliu-miesto",
}


def _words(text: str) -> list[str]:
    return text.split()


# The towns and villages of each municipality, in the genitive, as branch names use them;
# where the nominative (for the address) does not follow from the endings, it is given
# after a colon, and "_" stands for a space. Mostly the centres of the municipality's
# elderships (seniūnijos), plus a few well-known villages; the authority to check them
# against is the Address Register (Registrų centras, registrucentras.lt/adr), summarised
# at lt.wikipedia.org/wiki/Sąrašas:Lietuvos_seniūnijos. A place is listed only where its
# municipality is certain: a reader who knows that Garliava is in Kauno rajonas must
# never see it in another, and fewer right names beat many doubtful ones. The city
# municipalities are in CITY_DISTRICTS instead; Visaginas, practically one town, is
# given no places, so its library has no branches.
PLACES_BY_MUNICIPALITY = {
    code: _words(places)
    for code, places in {
        "alytaus-rajono": """Alovės Butrimonių Daugų Krokialaukio Miroslavo Nemunaičio
        Pivašiūnų Punios Raitininkų Simno Luksnėnų""",
        "druskininku": "Leipalingio Viečiūnų Ricielių Švendubrės Latežerio Jaskonių",
        "lazdiju-rajono": """Būdviečio Kapčiamiesčio Krosnos Kučiūnų Noragėlių Seirijų
        Šeštokų Šventežerio Teizų Veisiejų Šlavantų Stebulių
        Aštriosios_Kirsnos:Aštrioji_Kirsna""",
        "varenos-rajono": """Valkininkų Vydenių Kaniavos Marcinkonių Matuizų Merkinės Jakėnų
        Perlojos Liškiavos Senosios_Varėnos:Senoji_Varėna Puvočių Zervynų:Zervynos
        Nedzingės""",
        "birstono": "Nemajūnų Prienlaukio Siponių",
        "jonavos-rajono": """Bukonių Dumsių Kulvos Ruklos Šilų Šveicarijos Upninkų Užusalių
        Žeimių Panoterių""",
        "kaisiadoriu-rajono": """Kruonio Žiežmarių Rumšiškių:Rumšiškės Paparčių Palomenės
        Pravieniškių:Pravieniškės Nemaitonių Žaslių Kalvių Darsūniškio Gudienos""",
        "kauno-rajono": """Garliavos Akademijos Alšėnų Babtų Batniavos Čekiškės Domeikavos
        Ežerėlio Kačerginės Karmėlavos Kulautuvos Lapių Linksmakalnio Neveronių
        Raudondvario Ringaudų Rokų Samylų Taurakiemio Vandžiogalos Vilkijos Zapyškio
        Užliedžių""",
        "kedainiu-rajono": """Dotnuvos Gudžiūnų Josvainių Krakių:Krakės Pelėdnagių
        Pernaravos Surviliškio Šėtos Truskavos Vilainių Paberžės Sirutiškio""",
        "prienu-rajono": """Ašmintos Balbieriškio Išlaužo Jiezno Naujosios_Ūtos:Naujoji_Ūta
        Pakuonio Stakliškių:Stakliškės Šilavoto Veiverių Skriaudžių""",
        "raseiniu-rajono": """Ariogalos Betygalos Girkalnio Kalnujų Nemakščių Pagojukų
        Paliepių Viduklės Šiluvos Lyduvėnų""",
        "klaipedos-rajono": """Agluonėnų Dauparų Dovilų Endriejavo Judrėnų Kretingalės
        Priekulės Sendvario Veiviržėnų Vėžaičių Drevernos Girkalių Kvietinių Plikių""",
        "kretingos-rajono": """Darbėnų Imbarės Kartenos Kūlupėnų Kurmaičių Jokūbavo Salantų
        Laukžemės Grūšlaukės Kalnalio""",
        "neringos": "Juodkrantės Preilos Pervalkos",
        "skuodo-rajono": "Aleksandrijos Barstyčių Ylakių Lenkimų Mosėdžio Notėnų Šačių Puokės",
        "silutes-rajono": """Juknaičių Katyčių Kintų Rusnės Saugų:Saugos Švėkšnos Usėnų
        Vainuto Žemaičių_Naumiesčio Gardamo Macikų Sausgalvių Ventės""",
        "kalvarijos": "Akmenynų Liubavo Sangrūdos Jungėnų",
        "kazlu-rudos": "Antanavo Jankų Plutiškių:Plutiškės Ąžuolų_Būdos",
        "marijampoles": """Gudelių Igliaukos Liudvinavo Sasnavos Šunskų Degučių Mokolų
        Tarpučių Daukšių""",
        "sakiu-rajono": """Barzdų Gelgaudiškio Griškabūdžio Kidulių Kudirkos_Naumiesčio
        Lekėčių Lukšių Sintautų Slavikų Sudargo Žvirgždaičių Kriūkų Zyplių Plokščių""",
        "vilkaviskio-rajono": """Bartninkų Gižų Gražiškių Keturvalakių Kybartų Klausučių
        Pajevonio Pilviškių Šeimenos Virbalio Vištyčio Paežerių""",
        "birzu-rajono": """Nemunėlio_Radviliškio Pabiržės Pačeriaukštės Papilio:Papilys
        Parovėjos Vabalninko Širvėnos Medeikių Kirdonių Germaniškio""",
        "kupiskio-rajono": """Alizavos Noriūnų Skapiškio Subačiaus Šimonių Adomynės Palėvenės
        Salamiesčio Antašavos Šepetos""",
        "panevezio-rajono": """Karsakiškio Krekenavos Miežiškių Naujamiesčio Paįstrio
        Ramygalos Raguvos Smilgių Upytės Velžio:Velžys Vadoklių Berčiūnų""",
        "pasvalio-rajono": """Daujėnų Joniškėlio Krinčino Pumpėnų Pušaloto Saločių Vaškų
        Kriklinių Ustukių""",
        "rokiskio-rajono": """Jūžintų Juodupės Kamajų Kazliškio Kriaunų Obelių
        Pandėlio:Pandėlys Panemunėlio Panemunio Duokiškio Salų:Salos Suvainiškio""",
        "akmenes-rajono": "Akmenės Kruopių Papilės Ventos Alkiškių Agluonų",
        "joniskio-rajono": """Gaižaičių Gataučių Kepalių Kriukų Rudiškių Saugėlaukio Satkūnų
        Skaistgirio Žagarės Juodeikių""",
        "kelmes-rajono": """Kražių Kukečių Liolių Pakražančio Šaukėnų Tytuvėnų Užvenčio
        Vaiguvos Karklėnų Pagryžuvio:Pagryžuvys""",
        "pakruojo-rajono": """Guostagalio Klovainių Linkuvos Lygumų Pašvitinio Rozalimo
        Žeimelio Stačiūnų Linkaičių""",
        "radviliskio-rajono": """Aukštelkų Baisogalos Grinkiškio Pakalniškių Sidabravo Skėmių
        Šaukoto Šeduvos Tyrulių Šiaulėnų Pociūnėlių Alksniupių""",
        "siauliu-rajono": """Bubių Ginkūnų Gruzdžių Kairių Kuršėnų Kužių Meškuičių Raudėnų
        Šakynos Kurtuvėnų Naisių Gilvyčių""",
        "jurbarko-rajono": """Eržvilko Girdžių Juodaičių Raudonės Seredžiaus Skirsnemunės
        Smalininkų Šimkaičių Veliuonos Viešvilės Jurbarkų Stakių Vadžgirio:Vadžgirys""",
        "pagegiu": "Lumpėnų Natkiškių Stoniškių Vilkyškių Piktupėnų Šilgalių Bitėnų",
        "silales-rajono": """Bijotų Bilionių:Bilioniai Didkiemio Kaltinėnų Kvėdarnos Laukuvos
        Pajūrio Tenenių Traksėdžio Upynos Žadeikių""",
        "taurages-rajono": """Batakių Gaurės Lauksargių Mažonų Skaudvilės Žygaičių Adakavo
        Pagramančio Dauglaukio""",
        "mazeikiu-rajono": """Laižuvos Reivyčių Šerkšnėnų Sedos Tirkšlių Viekšnių Židikų
        Ukrinų Pikelių""",
        "plunges-rajono": """Alsėdžių Babrungo Kulių Nausodžio Paukštakių Platelių Stalgėnų
        Šateikių Žemaičių_Kalvarijos Žlibinų""",
        "rietavo": "Daugėdų Medingėnų Tverų Labardžių",
        "telsiu-rajono": """Degaičių Gadūnavo Luokės Nevarėnų Ryškėnų Tryškių Varnių
        Viešvėnų Žarėnų Janapolės Eigirdžių Rainių""",
        "anyksciu-rajono": """Andrioniškio Debeikių Kavarsko Kurklių Skiemonių Svėdasų
        Traupio Troškūnų Viešintų Burbiškio Niūronių Dabužių""",
        "ignalinos-rajono": """Ceikinių Didžiasalio Dūkšto Kazitiškio Linkmenų:Linkmenys
        Mielagėnų Naujojo_Daugėliškio:Naujasis_Daugėliškis Rimšės Tverečiaus
        Vidiškių:Vidiškės Palūšės""",
        "moletu-rajono": """Alantos Balninkų Čiulėnų Dubingių Giedraičių Inturkės Luokesos
        Mindūnų Suginčių Videniškių""",
        "utenos-rajono": """Daugailių Kuktiškių:Kuktiškės Leliūnų Saldutiškio Sudeikių
        Tauragnų Užpalių Vyžuonų Kirdeikių Biliakiemio""",
        "visagino": "",
        "zarasu-rajono": """Antazavės Antalieptės Degučių Dusetų:Dusetos Imbrado Salako
        Suvieko Turmanto Smalvų:Smalvos Stelmužės""",
        "elektrenu": """Gilučių Kazokiškių:Kazokiškės Kietaviškių:Kietaviškės
        Pastrėvio:Pastrėvys Semeliškių:Semeliškės Vievio Beižionių Abromiškių:Abromiškės""",
        "salcininku-rajono": """Baltosios_Vokės:Baltoji_Vokė Butrimonių
        Dieveniškių:Dieveniškės Eišiškių:Eišiškės Gerviškių:Gerviškės Jašiūnų Kalesninkų
        Poškonių Akmenynės Pabarės Turgelių""",
        "sirvintu-rajono": """Alionių Čiobiškio Gelvonų Jauniūnų Kernavės Musninkų Zibalų
        Bagaslaviškio Kiauklių""",
        "svencioniu-rajono": """Adutiškio Cirkliškio Kaltanėnų Labanoro Magūnų Pabradės Sarių
        Strūnaičio Svirkų:Svirkos Švenčionėlių Reškutėnų""",
        "traku-rajono": """Aukštadvario Grendavės Lentvario Onuškio Paluknio:Paluknys
        Rūdiškių:Rūdiškės Senųjų_Trakų:Senieji_Trakai Bražuolės Užutrakio""",
        "ukmerges-rajono": """Deltuvos Lyduokių Pabaisko Pivonijos Siesikų Šešuolių Taujėnų
        Veprių Vidiškių Želvos Žemaitkiemio""",
        "vilniaus-rajono": """Avižienių Bezdonių Buivydžių Dūkštų:Dūkštos Juodšilių Kalvelių
        Lavoriškių:Lavoriškės Maišiagalos Marijampolio Medininkų Mickūnų Nemenčinės
        Nemėžio Paberžės Pagirių Riešės Rudaminos Rukainių Sudervės Sužionių Šatrininkų
        Zujūnų""",
    }.items()
}

# How many branches one place may give its name to ("…", "… Nr. 2", …).
BRANCHES_PER_PLACE = 3

# City districts for the branches of the city libraries.
CITY_DISTRICTS = {
    "vilniaus-miesto": "Antakalnio Fabijoniškių Justiniškių Karoliniškių Lazdynų Naujininkų "
    "Naujosios_Vilnios Pašilaičių Pilaitės Šeškinės Viršuliškių Žirmūnų Žvėryno Jeruzalės "
    "Grigiškių Vilkpėdės",
    "kauno-miesto": "Aleksoto Dainavos Eigulių Kalniečių Palemono Panemunės Petrašiūnų "
    "Šančių Šilainių Vilijampolės Žaliakalnio",
    "klaipedos-miesto": "Bandužių Girulių Melnragės Smeltės Tauralaukio Vingio",
    "siauliu-miesto": "Dainų Gubernijos Lieporių Medelyno Rėkyvos",
    "panevezio-miesto": "Kniaudiškių Molainių Rožyno Pilėnų Tulpių",
    "alytaus-miesto": "Dainavos Likiškėlių Putinų Vidzgirio",
    "palangos-miesto": "Būtingės Šventosios",
}

FEMALE_NAMES = _words(
    """Aušra Rasa Jurgita Rūta Daiva Vilma Ingrida Asta Laima Dalia Birutė Irena
Kristina Giedrė Eglė Sigita Vida Loreta Jolanta Audronė Inga Renata Aldona Danutė Regina
Alma Nijolė Gražina Edita Lina Jūratė Ramunė Virginija Agnė Ieva Gintarė Monika Justina
Neringa Vaida Aistė Simona Živilė Aurelija Ona Zita"""
)
MALE_NAMES = _words(
    """Jonas Petras Antanas Kęstutis Gintaras Rimantas Arūnas Darius Vytautas Algirdas
Saulius Mindaugas Tomas Andrius Marius Paulius Giedrius Linas Audrius Rolandas Raimondas
Valdas Egidijus Vaidas Žydrūnas Šarūnas Dainius Aurimas Mantas Lukas Domantas Justinas
Ignas Kazimieras Juozas Stasys Alfredas Rokas Edvinas Julius"""
)
# Male surnames; the female forms are derived from their endings (see `_female_surname`).
SURNAMES = _words(
    """Kazlauskas Jankauskas Petrauskas Stankevičius Vasiliauskas Žukauskas Butkus
Paulauskas Urbonas Kavaliauskas Baranauskas Pocius Navickas Sakalauskas Rimkus Lukošius
Vaitkus Kairys Ramanauskas Ivanauskas Jonaitis Adomaitis Mockus Vitkus Šimkus Dambrauskas
Marcinkevičius Kazakevičius Žilinskas Bielskis Černiauskas Jakubauskas Klimas Gudaitis
Pranckevičius Stonkus Budrys Norkus Savickas Sinkevičius Rutkauskas Jurevičius Lapinskas
Valaitis Grigas Kalinauskas Mikalauskas Šukys Tamošiūnas Stanevičius Gailius Balčiūnas
Vaičiulis Jasiūnas Kučinskas Masiulis Žemaitis Bagdonas Petraitis Jurgaitis Kubilius
Matulis Ambrazas Barkauskas Zakarauskas Jokubauskas Simonaitis Girdauskas Norvaišas Stankus
Ališauskas Kriaučiūnas Kuzminskas Tamulis Vilkas Aleksandravičius Žilys Šidlauskas
Grybauskas Valiukas Motiejūnas Martinaitis Stasiulis Šeškus Urbanavičius Vaitkevičius
Rimkevičius Kasperavičius Bartkus Gaižauskas Jasinskas Laurinavičius Stasiūnas Mačiulis
Kondrotas Bružas Gudelis Pakalnis Mikulėnas Bernotas Sabaliauskas Jasaitis Gedvilas Dapkus
Vaškelis Kazėnas Šlapikas Radzevičius Milius Juodis Baltrūnas Račkauskas Grinius Kuzmickas
Mažeikis Balsys Beniušis Bučys Čepulis Daugirdas Grabauskas Lukšys Meškauskas Narbutas
Olšauskas Pilkauskas Remeikis Stanaitis Tumas Urbšys Valančius Žvirblis Ąžuolas Akelaitis
Bieliauskas Dirsė Eitmantas Galinis Jablonskis Kairaitis Liutkus Medelis Noreika Povilaitis
Rakauskas Sirvydis Šalkauskas Tijūnėlis Ulevičius Vengris Zinkevičius Žiogas Aukštuolis
Bernatavičius Celiešius Dovydaitis Eidukevičius Gečas Juozapavičius"""
)

STREETS = _words(
    """Vilniaus Kauno Mokyklos Bažnyčios Sodų Liepų Ąžuolų Taikos Parko Kęstučio Vytauto
Gedimino Maironio Vytenio Žalgirio Aušros Laisvės Pergalės Tilto Ežero Upės Beržų Klevų
Pušyno Šviesos Jaunimo Stoties Turgaus Pievų Miško"""
)

SCHOOL_NAMES = _words(
    """Saulės Ąžuolo Versmės Žiburio Aušros Vyturio Atžalyno Santarvės Šaltinio Varpo
Žemynos Gabijos Rasos Dainavos Vilties Šviesos Želmenėlio Gilužio Smilgos"""
)
SCHOOL_TYPES = ["gimnazijos", "progimnazijos", "pagrindinės mokyklos", "mokyklos-darželio"]
ACADEMIC_TYPES = [
    "technologijų kolegijos",
    "verslo kolegijos",
    "sveikatos mokslų kolegijos",
    "pedagogikos kolegijos",
    "menų akademijos",
    "žemės ūkio kolegijos",
    "socialinių mokslų kolegijos",
]
SPECIAL_TYPES = [
    "ligoninės",
    "pataisos namų",
    "kraštotyros muziejaus",
    "regioninio archyvo",
    "socialinės globos namų",
    "dailės muziejaus",
    "sanatorijos",
]
OTHER_TYPES = ["kaimo bendruomenės", "skaitytojų klubo", "knygos mylėtojų draugijos"]

POSITIONS = [  # (female, male)
    ("bibliotekininkė", "bibliotekininkas"),
    ("vyresnioji bibliotekininkė", "vyresnysis bibliotekininkas"),
    ("vyriausioji bibliotekininkė", "vyriausiasis bibliotekininkas"),
    ("bibliografė", "bibliografas"),
    ("metodininkė", "metodininkas"),
    ("skyriaus vedėja", "skyriaus vedėjas"),
]
DIRECTOR = ("direktorė", "direktorius")
DEPUTY = ("direktoriaus pavaduotoja", "direktoriaus pavaduotojas")


# --- Names ---------------------------------------------------------------------------


def _place(entry: str) -> tuple[str, str]:
    """(genitive, nominative) of an entry of PLACES_BY_MUNICIPALITY."""
    genitive, _colon, nominative = entry.partition(":")
    genitive = genitive.replace("_", " ")
    return genitive, nominative.replace("_", " ") or _nominative(genitive)


def _nominative(genitive: str) -> str:
    """The nominative of a place name in the genitive, for the regular endings."""
    head, _space, last = genitive.rpartition(" ")
    for ending, replacement in (
        ("onių", "onys"),
        ("ų", "ai"),
        ("iaus", "ius"),
        ("ės", "ė"),
        ("os", "a"),
        ("čio", "tis"),
        ("džio", "dis"),
        ("io", "is"),
        ("o", "as"),
    ):
        if last.endswith(ending):
            last = last[: -len(ending)] + replacement
            break
    # The first word of "Kudirkos Naumiestis" stays in the genitive.
    return f"{head} {last}" if head else last


def _female_surname(male: str, married: bool) -> str:
    for ending, wife, daughter in (
        ("ius", "ienė", "iūtė"),
        ("us", "ienė", "utė"),
        ("as", "ienė", "aitė"),
        ("is", "ienė", "ytė"),
        ("ys", "ienė", "ytė"),
        ("ė", "ienė", "ytė"),
        ("a", "ienė", "aitė"),
    ):
        if male.endswith(ending):
            return male[: -len(ending)] + (wife if married else daughter)
    return male


def _town_genitive(municipality_name: str) -> str:
    """ "Kelmės rajono savivaldybė" → "Kelmės" (the centre's name in the genitive)."""
    words = municipality_name.replace(" savivaldybė", "").split()
    return " ".join(w for w in words if w not in ("miesto", "rajono"))


def _municipal_library_name(municipality_name: str) -> str:
    genitive = municipality_name.removesuffix("savivaldybė") + "savivaldybės"
    kind = "centrinė biblioteka" if " miesto " in municipality_name else "viešoji biblioteka"
    return f"{genitive} {kind}"


def legal_entity_code(key: str, prefix: str) -> str:
    """A made-up 9-digit code whose last digit is the checksum (Facts §5.4).

    Derived from `key` so a library gets the same code in every run. Remainders of 10
    are skipped, because how the real register handles them is not known.
    """
    number = int(hashlib.sha256(key.encode()).hexdigest(), 16) % 10 ** (8 - len(prefix))
    while True:
        head = prefix + f"{number:0{8 - len(prefix)}d}"
        remainder = sum(int(d) * i for i, d in enumerate(head, start=1)) % 11
        if remainder != 10:
            return head + str(remainder)
        number = (number + 1) % 10 ** (8 - len(prefix))


def _next_free_code(code: str, taken: set[str]) -> str:
    while code in taken:
        code = legal_entity_code(code, code[:2])
    return code


# --- The plan ------------------------------------------------------------------------


@dataclass
class PlannedLibrary:
    name: str
    short_name: str
    kind: str
    municipality_code: str
    legal_form: str = ""
    code_prefix: str = ""  # empty: no legal personality (branches)
    is_ngo: bool = False
    parent_slug: str = ""
    city: str = ""
    slug: str = ""
    fields: dict = field(default_factory=dict)


@dataclass
class PlannedPerson:
    first_name: str
    last_name: str
    female: bool
    email: str = ""
    phone: str = ""


@dataclass
class PlannedMembership:
    member_key: str  # library slug or person e-mail
    is_library: bool
    status: str
    applied_on: datetime.date
    joined_on: datetime.date | None = None
    suspended_on: datetime.date | None = None
    ended_on: datetime.date | None = None
    end_reason: str = ""
    decision: str = ""
    history: list[tuple[str, str, datetime.date, str]] = field(default_factory=list)


@dataclass
class DemoResult:
    created: dict[str, int]
    accounts: list[tuple[str, str, str]]


def _unique_slug(name: str, taken: set[str]) -> str:
    base = slugify(fold(name))[:110].strip("-")
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def _address(rng: random.Random, city: str) -> dict:
    return {
        "street_address": f"{rng.choice(STREETS)} g. {rng.randint(1, 80)}",
        "city": city,
        "postal_code": f"LT-{rng.randint(10000, 99999)}",
        "phone": f"+370{rng.choice('3456')}{rng.randint(0, 9999999):07d}",
    }


def plan_libraries(
    *, municipalities: list[tuple[str, str, str]], scale: int, seed: int
) -> list[PlannedLibrary]:
    """County, municipal, branch and other libraries, parents before their branches.

    `municipalities` holds (code, name, centre) in a stable order.
    """
    rng = random.Random(f"{seed}-libraries")
    libraries: list[PlannedLibrary] = []
    centres = {code: centre for code, _name, centre in municipalities}
    for name in COUNTY_LIBRARIES:
        home = COUNTY_LIBRARY_HOMES[name]
        libraries.append(
            PlannedLibrary(
                name=name,
                short_name=name.split(" apskrities")[0] + " AVB",
                kind=Kind.COUNTY_PUBLIC,
                municipality_code=home,
                legal_form=Form.BUDGETARY,
                code_prefix="19",
                city=centres[home],
            )
        )
    municipal: dict[str, PlannedLibrary] = {}
    for code, name, centre in municipalities:
        library = PlannedLibrary(
            name=_municipal_library_name(name),
            short_name=name.replace(" savivaldybė", " sav.") + " VB",
            kind=Kind.MUNICIPAL_PUBLIC,
            municipality_code=code,
            legal_form=Form.BUDGETARY,
            code_prefix="19",
            city=centre,
        )
        municipal[code] = library
        libraries.append(library)

    # Branches: many in the districts (rural branches), few in the cities (Facts §3.2).
    weights = {}
    for code, _name, _centre in municipalities:
        if code.endswith("-miesto"):
            weights[code] = rng.randint(3, 8)
        elif code.endswith("-rajono"):
            weights[code] = rng.randint(16, 34)
        else:
            weights[code] = rng.randint(5, 14)
    total_weight = sum(weights.values())
    wanted = 1200 * scale
    for code, _name, _centre in municipalities:
        count = max(1, round(wanted * weights[code] / total_weight))
        own = CITY_DISTRICTS.get(code, "").split()
        if own:
            # A city's branches are in its own districts, never in a village elsewhere.
            count = min(count, len(own) * scale)
        # Elsewhere only the municipality's own towns and villages: a branch lies where
        # its library does. A short list is reused ("… filialas Nr. 2"), at most
        # BRANCHES_PER_PLACE times, so a small municipality has few branches (and
        # Visaginas, with no places listed, none).
        local = PLACES_BY_MUNICIPALITY.get(code, [])
        places = own or rng.sample(local, len(local))
        if not own:
            count = min(count, len(places) * BRANCHES_PER_PLACE * scale)
        parent = municipal[code]
        seen: set[str] = set()
        for index in range(count):
            genitive, nominative = _place(places[index % len(places)])
            if own:
                nominative = parent.city
            short = f"{genitive} filialas"
            if index >= len(places) or short in seen:
                short = f"{genitive} filialas Nr. {index // len(places) + 1}"
            seen.add(short)
            libraries.append(
                PlannedLibrary(
                    name=f"{genitive_suggestion(parent.name)} {short}",
                    short_name=short,
                    kind=Kind.BRANCH,
                    municipality_code=code,
                    parent_slug=parent.name,  # resolved to the slug below
                    city=nominative,
                )
            )

    # Libraries of other kinds (Facts §3.2, 7(1)): school, academic, special, other.
    towns = [(code, _town_genitive(name), centre) for code, name, centre in municipalities]
    groups = [
        (Kind.SCHOOL, 40, [f"„{n}“ {t}" for n in SCHOOL_NAMES for t in SCHOOL_TYPES]),
        (Kind.ACADEMIC, 15, ACADEMIC_TYPES),
        (Kind.SPECIAL, 10, SPECIAL_TYPES),
        (Kind.OTHER, 10, OTHER_TYPES),
    ]
    for kind, per_scale, types in groups:
        # A village community only where the municipality has villages of its own.
        combos = [
            (town, kind_name)
            for town in towns
            for kind_name in types
            if kind_name != "kaimo bendruomenės" or PLACES_BY_MUNICIPALITY.get(town[0])
        ]
        for (code, town, centre), kind_name in rng.sample(
            combos, min(len(combos), per_scale * scale)
        ):
            name = f"{town} {kind_name} biblioteka"
            legal_form, prefix, is_ngo = Form.BUDGETARY, "19", False
            if kind == Kind.OTHER:
                legal_form, prefix, is_ngo = Form.ASSOCIATION, "30", True
                if kind_name == "kaimo bendruomenės":
                    genitive, village = _place(rng.choice(PLACES_BY_MUNICIPALITY[code]))
                    name, centre = f"{genitive} {kind_name} biblioteka", village
            elif kind in (Kind.ACADEMIC, Kind.SCHOOL) and rng.random() < 0.2:
                # Private colleges and schools are public institutions, often NGOs.
                legal_form, prefix, is_ngo = Form.PUBLIC_INSTITUTION, "30", True
            libraries.append(
                PlannedLibrary(
                    name=name,
                    short_name="",
                    kind=kind,
                    municipality_code=code,
                    legal_form=legal_form,
                    code_prefix=prefix,
                    is_ngo=is_ngo,
                    city=centre,
                )
            )

    taken: set[str] = set()
    slugs_by_name: dict[str, str] = {}
    for library in libraries:
        library.slug = _unique_slug(library.name, taken)
        slugs_by_name.setdefault(library.name, library.slug)
        library.fields = _address(rng, library.city)
        library.fields["email"] = f"{library.slug[:50].rstrip('-')}@{DEMO_DOMAIN}"
    for library in libraries:
        if library.parent_slug:
            library.parent_slug = slugs_by_name[library.parent_slug]
    return libraries


def plan_people(*, count: int, seed: int) -> list[PlannedPerson]:
    """`count` people, the first n the same whatever the count (one generator each)."""
    rng = random.Random(f"{seed}-people")
    people, emails = [], set()
    for _index in range(count):
        female = rng.random() < 0.85  # most librarians are women
        first = rng.choice(FEMALE_NAMES if female else MALE_NAMES)
        last = rng.choice(SURNAMES)
        if female:
            last = _female_surname(last, married=rng.random() < 0.6)
        local = f"{fold(first)}.{fold(last)}".replace(" ", "")
        email, n = f"{local}@{DEMO_DOMAIN}", 2
        while email in emails:
            email, n = f"{local}{n}@{DEMO_DOMAIN}", n + 1
        emails.add(email)
        phone = f"+3706{rng.randint(0, 9999999):07d}"
        people.append(PlannedPerson(first, last, female, email, phone))
    return people


def _day(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    if end <= start:
        return start
    return start + datetime.timedelta(days=rng.randint(0, (end - start).days))


def _after(rng: random.Random, day: datetime.date, low: int, high: int) -> datetime.date:
    return min(day + datetime.timedelta(days=rng.randint(low, high)), LATEST)


def _membership_story(
    rng: random.Random, key: str, is_library: bool, story: str, decision_no: Iterator[int]
) -> list[PlannedMembership]:
    """The memberships of one member for a named story, with a consistent history."""

    def admitted(start: datetime.date, end: datetime.date) -> PlannedMembership:
        applied = _day(rng, start, end)
        joined = _after(rng, applied, 14, 75)
        number = next(decision_no)
        return PlannedMembership(
            member_key=key,
            is_library=is_library,
            status=Status.ACTIVE,
            applied_on=applied,
            joined_on=joined,
            decision=f"Valdybos {joined.isoformat()} nutarimas Nr. {number}",
            history=[
                ("", Status.APPLIED, applied, "Gautas prašymas"),
                (Status.APPLIED, Status.ACTIVE, joined, f"Valdybos nutarimas Nr. {number}"),
            ],
        )

    def end(m: PlannedMembership, reason: str, earliest: datetime.date | None = None) -> None:
        last_change = m.history[-1][2]
        m.ended_on = _after(rng, max(last_change, earliest or last_change), 60, 1800)
        m.status, m.end_reason = Status.ENDED, reason
        label = dict(EndReason.choices)[reason]
        m.history.append((m.history[-1][1], Status.ENDED, m.ended_on, str(label)))

    def suspend(m: PlannedMembership) -> None:
        m.suspended_on = _after(rng, m.joined_on or m.applied_on, 200, 2500)
        m.status = Status.SUSPENDED
        m.history.append(
            (Status.ACTIVE, Status.SUSPENDED, m.suspended_on, "Nesumokėtas nario mokestis")
        )

    early = FOUNDED
    if story == "founder":
        return [admitted(early, early + datetime.timedelta(days=120))]
    if story == "active":
        return [admitted(early, LATEST - datetime.timedelta(days=150))]
    if story == "suspended":
        m = admitted(early, LATEST - datetime.timedelta(days=1500))
        suspend(m)
        return [m]
    if story in ("left", "expelled", "liquidated"):
        m = admitted(early, LATEST - datetime.timedelta(days=2200))
        if story == "expelled":
            suspend(m)
        end(m, story)
        return [m]
    if story == "rejoined":
        old = admitted(early, datetime.date(2015, 12, 31))
        end(old, EndReason.LEFT)
        assert old.ended_on is not None
        new = admitted(
            old.ended_on + datetime.timedelta(days=200), LATEST - datetime.timedelta(days=200)
        )
        return [old, new]
    if story == "applied":
        applied = _day(rng, LATEST - datetime.timedelta(days=90), LATEST)
        return [
            PlannedMembership(
                key,
                is_library,
                Status.APPLIED,
                applied,
                history=[("", Status.APPLIED, applied, "Gautas prašymas")],
            )
        ]
    if story == "rejected":
        applied = _day(rng, early, LATEST - datetime.timedelta(days=300))
        decided = _after(rng, applied, 20, 60)
        return [
            PlannedMembership(
                key,
                is_library,
                Status.ENDED,
                applied,
                ended_on=decided,
                end_reason=EndReason.REJECTED,
                decision=f"Valdybos {decided.isoformat()} nutarimas Nr. {next(decision_no)}",
                history=[
                    ("", Status.APPLIED, applied, "Gautas prašymas"),
                    (Status.APPLIED, Status.ENDED, decided, "Prašymas atmestas"),
                ],
            )
        ]
    raise ValueError(story)


STORIES: dict[str, tuple[list[str | None], list[int]]] = {
    # kind → (stories, weights); None means "not a member".
    Kind.COUNTY_PUBLIC: (["founder"], [1]),
    Kind.MUNICIPAL_PUBLIC: (
        ["founder", "active", "suspended", "left", "rejoined", "applied", None],
        [30, 16, 3, 3, 3, 2, 3],
    ),
    Kind.SCHOOL: (["active", "left", "applied", "rejected", None], [12, 3, 1, 1, 23]),
    Kind.ACADEMIC: (["active", "left", "rejected", None], [5, 1, 1, 8]),
    Kind.SPECIAL: (["active", "liquidated", None], [3, 1, 6]),
    Kind.OTHER: (["active", "expelled", "applied", None], [5, 1, 1, 3]),
    "person": (
        ["active", "suspended", "left", "liquidated", "expelled", "rejoined", "applied"],
        [70, 5, 12, 4, 1, 3, 5],
    ),
}


def plan_memberships(
    *, libraries: list[PlannedLibrary], people: list[PlannedPerson], seed: int
) -> list[PlannedMembership]:
    rng = random.Random(f"{seed}-memberships")
    decision_no = iter(range(1, 10**9))
    planned: list[PlannedMembership] = []
    for library in libraries:
        if library.kind == Kind.BRANCH:
            continue  # branches act through their library
        stories, weights = STORIES[library.kind]
        story = rng.choices(stories, weights)[0]
        if story:
            planned += _membership_story(rng, library.slug, True, story, decision_no)
    # About one person in fifteen is an individual member (~200 at scale 1).
    stories, weights = STORIES["person"]
    for person in people[::15]:
        story = rng.choices(stories, weights)[0] or "active"
        planned += _membership_story(rng, person.email, False, story, decision_no)
    return planned


def plan_employments(
    *, libraries: list[PlannedLibrary], people: list[PlannedPerson], seed: int
) -> list[tuple[str, str, str, bool, datetime.date, datetime.date | None]]:
    """(person e-mail, library slug, position, is director, from, until) rows."""
    rng = random.Random(f"{seed}-employments")
    rows: list[tuple[str, str, str, bool, datetime.date, datetime.date | None]] = []
    staff = iter(people)

    def take() -> PlannedPerson | None:
        return next(staff, None)

    for library in libraries:
        if library.code_prefix:  # every legal person has a director
            person = take()
            if person is None:
                break
            start = _day(rng, datetime.date(1995, 1, 1), LATEST - datetime.timedelta(days=60))
            rows.append(
                (person.email, library.slug, DIRECTOR[not person.female], True, start, None)
            )
    for library in libraries:
        employees = 1 if library.kind == Kind.BRANCH else rng.randint(2, 6)
        for _n in range(employees):
            person = take()
            if person is None:
                break
            titles = rng.choice(POSITIONS + [DEPUTY] * (library.kind != Kind.BRANCH))
            start = _day(rng, datetime.date(2000, 1, 1), LATEST - datetime.timedelta(days=30))
            rows.append((person.email, library.slug, titles[not person.female], False, start, None))
    leftovers = list(staff)
    # The rest: former staff (ended jobs) and people who moved from one library to another.
    for person in leftovers:
        library = rng.choice(libraries)
        position = rng.choice(POSITIONS)[not person.female]
        start = _day(rng, datetime.date(2000, 1, 1), datetime.date(2020, 12, 31))
        until = _after(rng, start, 300, 3000)
        rows.append((person.email, library.slug, position, False, start, until))
        if rng.random() < 0.5:
            later = rng.choice(libraries)
            rows.append(
                (
                    person.email,
                    later.slug,
                    position,
                    False,
                    until + datetime.timedelta(days=1),
                    None,
                )
            )
    return rows


def plan_applications(*, municipalities: list[tuple[str, str, str]], seed: int) -> list[dict]:
    """Six libraries and one librarian for herself that asked to join and wait for the
    Board."""
    rng = random.Random(f"{seed}-applications")
    people = plan_people(count=12, seed=seed + 1)
    rows = []
    for index in range(6):
        code, name, centre = rng.choice(municipalities)
        kind = [Kind.SCHOOL, Kind.SCHOOL, Kind.OTHER, Kind.SPECIAL, Kind.ACADEMIC, Kind.SCHOOL][
            index
        ]
        town = _town_genitive(name)
        library_name = {
            Kind.SCHOOL: (
                f"{town} „{rng.choice(SCHOOL_NAMES)}“ {rng.choice(SCHOOL_TYPES)} biblioteka"
            ),
            Kind.OTHER: f"{town} {rng.choice(OTHER_TYPES)} biblioteka",
            Kind.SPECIAL: f"{town} {rng.choice(SPECIAL_TYPES)} biblioteka",
            Kind.ACADEMIC: f"{town} {rng.choice(ACADEMIC_TYPES)} biblioteka",
        }[kind]
        person = people[index]
        legal_form = {
            Kind.OTHER: Form.ASSOCIATION,
            Kind.ACADEMIC: Form.PUBLIC_INSTITUTION,
        }.get(kind, Form.BUDGETARY)
        rows.append(
            {
                "library_name": library_name,
                "library_kind": kind,
                "library_legal_form": legal_form,
                "legal_entity_code": legal_entity_code(f"{seed}-application-{index}", "30"),
                "municipality_code": code,
                "street_address": f"{rng.choice(STREETS)} g. {rng.randint(1, 60)}",
                "city": centre,
                "postal_code": f"LT-{rng.randint(10000, 99999)}",
                "library_email": f"prasymas{index + 1}@{DEMO_DOMAIN}",
                "library_phone": f"+3704{rng.randint(0, 9999999):07d}",
                "representative_first_name": person.first_name,
                "representative_last_name": person.last_name,
                "representative_position": DIRECTOR[not person.female],
                "representative_email": f"atstovas{index + 1}@{DEMO_DOMAIN}",
                "motivation": "Norime dalyvauti kvalifikacijos tobulinimo renginiuose ir "
                "dalintis gerąja patirtimi su regionų bibliotekomis.",
            }
        )
    # A natural person (the statutes admit them): her own contacts and workplace.
    person = next((p for p in people[6:] if p.female), people[6])
    code, name, _centre = rng.choice(municipalities)
    rows.append(
        {
            "applicant": MembershipApplication.Applicant.PERSON,
            "representative_first_name": person.first_name,
            "representative_last_name": person.last_name,
            "representative_email": f"asmuo1@{DEMO_DOMAIN}",
            "workplace": f"{_municipal_library_name(name)}, vyresnioji bibliotekininkė",
            "motivation": "Noriu prisidėti prie asociacijos veiklos ir kelti kvalifikaciją.",
        }
    )
    return rows


# --- Loading -------------------------------------------------------------------------


def _audit_disabled() -> AbstractContextManager:
    """Demo loading writes no audit rows (django-auditlog ≥ 3 can switch it off)."""
    try:
        from auditlog.context import disable_auditlog
    except ImportError:  # an older auditlog: it only costs time
        return nullcontext()
    return disable_auditlog()


def _bulk(model: type, objects: Iterable) -> list:
    objects = list(objects)
    created = []
    for start in range(0, len(objects), BATCH):
        created += model.objects.bulk_create(objects[start : start + BATCH])  # type: ignore[attr-defined]
    return created


def demo_load(*, scale: int = 1, people: int | None = None, seed: int = DEFAULT_SEED) -> DemoResult:
    """Load the demo register; rows that already exist (by natural key) are skipped."""
    if scale < 1:
        raise ValueError("scale must be at least 1")
    municipality_rows = list(
        Municipality.objects.order_by("code").values_list("code", "name", "centre")
    )
    if len(municipality_rows) != 60:
        raise ValueError("The geography data migration has not run (expected 60 municipalities).")
    municipality_ids = dict(Municipality.objects.values_list("code", "pk"))

    libraries = plan_libraries(municipalities=municipality_rows, scale=scale, seed=seed)
    persons = plan_people(count=3000 * scale if people is None else people, seed=seed)
    employments = plan_employments(libraries=libraries, people=persons, seed=seed)
    memberships = plan_memberships(libraries=libraries, people=persons, seed=seed)
    applications = plan_applications(municipalities=municipality_rows, seed=seed)

    created: dict[str, int] = defaultdict(int)
    with transaction.atomic(), _audit_disabled():
        created["libraries"] = _load_libraries(libraries, municipality_ids, seed)
        created["people"] = _load_people(persons)
        library_ids = dict(Library.objects.values_list("slug", "pk"))
        person_ids = dict(Person.objects.exclude(email="").values_list("email", "pk"))
        created["employments"] = _load_employments(employments, library_ids, person_ids)
        counts = _load_memberships(memberships, library_ids, person_ids)
        created["memberships"], created["status changes"] = counts
        created["applications"] = _load_applications(applications, municipality_ids)
        accounts, new_accounts = _load_accounts()
        created["users"] = new_accounts
        if any(created.values()):
            # bulk_create sends no signals: tell the caches ourselves.
            content_changed(REGISTER)
    return DemoResult(created=dict(created), accounts=accounts)


def demo_data_load(*, scale: int, people: int | None, seed: int) -> DemoLoaded:
    """The register's part of `manage.py demo_data` (it loads first: the rest needs it)."""
    result = demo_load(scale=scale, people=people, seed=seed)
    return DemoLoaded(created=result.created, accounts=result.accounts)


def demo_data_present() -> bool:
    """`demo_data --if-empty` loads nothing once any library exists."""
    return Library.objects.exists()


def _load_libraries(planned: list[PlannedLibrary], municipality_ids: dict, seed: int) -> int:
    existing = set(Library.objects.values_list("slug", flat=True))
    codes = set(
        Library.objects.exclude(legal_entity_code="").values_list("legal_entity_code", flat=True)
    )
    new = [p for p in planned if p.slug not in existing]
    municipality_names = dict(Municipality.objects.values_list("code", "name"))

    def build(p: PlannedLibrary, parent_id: int | None) -> Library:
        code = ""
        if p.code_prefix:
            code = _next_free_code(legal_entity_code(f"{seed}:{p.slug}", p.code_prefix), codes)
            codes.add(code)
        library = Library(
            name=p.name,
            name_genitive=genitive_suggestion(p.name),
            short_name=p.short_name,
            slug=p.slug,
            kind=p.kind,
            legal_form=p.legal_form,
            legal_entity_code=code,
            municipality_id=municipality_ids[p.municipality_code],
            parent_id=parent_id,
            is_ngo=p.is_ngo,
            **p.fields,
        )
        # bulk_create does not call save(), which derives these.
        library.derive_search_fields(municipality_names[p.municipality_code])
        return library

    # Parents first, so the branches can point at them.
    _bulk(Library, (build(p, None) for p in new if not p.parent_slug))
    parent_ids = dict(Library.objects.values_list("slug", "pk"))
    _bulk(Library, (build(p, parent_ids[p.parent_slug]) for p in new if p.parent_slug))
    return len(new)


def _load_people(planned: list[PlannedPerson]) -> int:
    existing = set(Person.objects.values_list("email", flat=True))
    new = [
        Person(first_name=p.first_name, last_name=p.last_name, email=p.email, phone=p.phone)
        for p in planned
        if p.email not in existing
    ]
    _bulk(Person, new)
    return len(new)


def _load_employments(rows: list, library_ids: dict, person_ids: dict) -> int:
    existing = set(
        Employment.objects.filter(person__email__endswith=f"@{DEMO_DOMAIN}").values_list(
            "person__email", "library__slug", "position", "start_date"
        )
    )
    new = [
        Employment(
            person_id=person_ids[email],
            library_id=library_ids[slug],
            position=position,
            is_director=director,
            start_date=start,
            end_date=until,
        )
        for email, slug, position, director, start, until in rows
        if (email, slug, position, start) not in existing
    ]
    _bulk(Employment, new)
    return len(new)


def _load_memberships(
    planned: list[PlannedMembership], library_ids: dict, person_ids: dict
) -> tuple[int, int]:
    # A member that has any membership already keeps its own history untouched.
    members_with_history = set(Membership.objects.values_list("library_id", "person_id"))
    taken_libraries = {lib for lib, _p in members_with_history if lib}
    taken_people = {person for _l, person in members_with_history if person}
    new: list[Membership] = []
    histories = []
    for p in planned:
        if p.is_library:
            library_id, person_id = library_ids[p.member_key], None
            if library_id in taken_libraries:
                continue
        else:
            library_id, person_id = None, person_ids[p.member_key]
            if person_id in taken_people:
                continue
        new.append(
            Membership(
                library_id=library_id,
                person_id=person_id,
                status=p.status,
                applied_on=p.applied_on,
                joined_on=p.joined_on,
                suspended_on=p.suspended_on,
                ended_on=p.ended_on,
                end_reason=p.end_reason,
                decision=p.decision,
            )
        )
        histories.append(p.history)
    created = _bulk(Membership, new)
    changes = [
        MembershipStatusChange(
            membership_id=membership.pk,
            from_status=from_status,
            to_status=to_status,
            effective_on=effective_on,
            reason=reason,
        )
        for membership, history in zip(created, histories, strict=True)
        for from_status, to_status, effective_on, reason in history
    ]
    _bulk(MembershipStatusChange, changes)
    return len(new), len(changes)


def _load_applications(rows: list[dict], municipality_ids: dict) -> int:
    existing = set(MembershipApplication.objects.values_list("legal_entity_code", flat=True))
    existing |= set(MembershipApplication.objects.values_list("representative_email", flat=True))
    new = []
    for row in rows:
        if (row.get("legal_entity_code") or row["representative_email"]) in existing:
            continue
        row = dict(row)
        if "municipality_code" in row:  # a library's application
            row["municipality_id"] = municipality_ids[row.pop("municipality_code")]
            row["library_name_genitive"] = genitive_suggestion(row["library_name"])
        new.append(MembershipApplication(**row))
    _bulk(MembershipApplication, new)
    return len(new)


def _load_accounts() -> tuple[list[tuple[str, str, str]], int]:
    """The demo secretariat, member and library representative sign-ins; returns
    (accounts, how many new)."""
    new = 0
    admin = User.objects.filter(email__iexact=ADMIN_EMAIL).first()
    if admin is None:
        admin = User.objects.create_superuser(
            ADMIN_EMAIL, ADMIN_PASSWORD, full_name="Demo Sekretoriatas"
        )
        new += 1
    if not Authenticator.objects.filter(user=admin, type=Authenticator.Type.TOTP).exists():
        _demo_two_factor(admin)
    member = User.objects.filter(email__iexact=MEMBER_EMAIL).first()
    if member is None:
        member = User.objects.create_user(
            MEMBER_EMAIL, MEMBER_PASSWORD, full_name="Eglė Pavyzdienė"
        )
        new += 1
    person = Person.objects.filter(email=MEMBER_EMAIL).first()
    if person is None:
        person = Person.objects.create(
            first_name="Eglė", last_name="Pavyzdienė", email=MEMBER_EMAIL, user=member
        )
    elif person.user_id is None and not Person.objects.filter(user=member).exists():
        person.user = member
        person.save(update_fields=["user"])
    representative = _load_representative()
    new += representative is not None
    # Sign-in asks for a verified address; the demo addresses count as verified.
    for email in (ADMIN_EMAIL, MEMBER_EMAIL, REPRESENTATIVE_EMAIL):
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            continue
        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
    if not person.memberships.exists():
        joined = datetime.date(2019, 5, 2)
        membership = Membership.objects.create(
            person=person,
            status=Status.ACTIVE,
            applied_on=datetime.date(2019, 4, 8),
            joined_on=joined,
            decision="Valdybos 2019-05-02 nutarimas Nr. 7",
        )
        MembershipStatusChange.objects.bulk_create(
            [
                MembershipStatusChange(
                    membership=membership,
                    from_status="",
                    to_status=Status.APPLIED,
                    effective_on=membership.applied_on,
                    reason="Gautas prašymas",
                ),
                MembershipStatusChange(
                    membership=membership,
                    from_status=Status.APPLIED,
                    to_status=Status.ACTIVE,
                    effective_on=joined,
                    reason="Valdybos nutarimas Nr. 7",
                ),
            ]
        )
    accounts = [
        ("secretariat", ADMIN_EMAIL, ADMIN_PASSWORD),
        ("member", MEMBER_EMAIL, MEMBER_PASSWORD),
    ]
    if User.objects.filter(email__iexact=REPRESENTATIVE_EMAIL).exists():
        accounts.append(("representative", REPRESENTATIVE_EMAIL, REPRESENTATIVE_PASSWORD))
    return accounts, new


def _demo_two_factor(user: User) -> None:
    """Give the demo secretariat an authenticator, as the back office demands one;
    `manage.py demo_totp` prints its current code. Made through allauth, so the secret is
    encrypted like any other (lrba.accounts.adapter.MFAAdapter)."""
    TOTP.activate(user, generate_totp_secret())
    RecoveryCodes.activate(user)


def _load_representative() -> User | None:
    """An account for the current director of the first member library (by address)
    that has one, so "My library" can be tried; None when it exists already or no member
    library has a director."""
    if User.objects.filter(email__iexact=REPRESENTATIVE_EMAIL).exists():
        return None
    directorship = (
        Employment.objects.current()
        .filter(
            is_director=True,
            person__user__isnull=True,
            library__parent__isnull=True,
            library__memberships__status=Status.ACTIVE,
        )
        .select_related("person")
        .order_by("library__slug")
        .first()
    )
    if directorship is None:
        return None
    person = directorship.person
    user = User.objects.create_user(
        REPRESENTATIVE_EMAIL, REPRESENTATIVE_PASSWORD, full_name=person.full_name
    )
    person.user = user
    person.save(update_fields=["user"])
    return user


def directors_with_sign_in(count: int) -> list[tuple[Library, User]]:
    """`count` member public libraries with their director's account, the demo
    representative's library first: the directors who have no sign-in get one without a
    password (they would set it through "forgotten password"), so the services of other
    apps (ordering, answering consultations) see them represent their library."""
    public = (Library.Kind.COUNTY_PUBLIC, Library.Kind.MUNICIPAL_PUBLIC)
    directorships = list(
        Employment.objects.current()
        .filter(is_director=True, library__in=Library.objects.members().filter(kind__in=public))
        .exclude(person__email="")
        .select_related("person__user", "library")
        .order_by("library__slug", "pk")
    )
    directorships.sort(key=lambda e: getattr(e.person.user, "email", "") != REPRESENTATIVE_EMAIL)
    chosen: list[tuple[Library, User]] = []
    seen: set[int] = set()
    for employment in directorships:
        if employment.library_id in seen:
            continue
        person = employment.person
        user = person.user
        if user is None:
            if User.objects.filter(email__iexact=person.email).exists():
                continue
            user = User.objects.create_user(person.email, None, full_name=person.full_name)
            person.user = user
            person.save(update_fields=["user"])
        seen.add(employment.library_id)
        chosen.append((employment.library, user))
        if len(chosen) == count:
            break
    return chosen
