"""Demonstration data of the public site: a year of news with pictures, projects,
partners, the annual reports of the last three years and a page under "About us".

The default pages and menus come from the website's migrations; this adds what an
association's site has after a year of work. Runs after the register, events, knowledge
and communications demos: news link to member libraries, to the demo events and to the
projects made here. Dates are relative to the day of loading (a year of news up to today,
two scheduled after it); which library a news item is about, the pictures and the figures
follow the seed, so the same seed on the same day gives the same site. Natural keys (a
news item's, a project's slug, a partner's name, a report's year and kind) make a second
run create nothing.

Pictures are drawn with Pillow (`lrba.knowledge.demo_pictures`), each with alternative
text and its renditions; the reports (of the three years the law wants shown now) are
small PDFs drawn with WeasyPrint. The page and the reports are saved through the website
services (`page_save`, `annual_report_save`); the rest through the models' full_clean.
"""

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from lrba.accounts.models import User
from lrba.core.demo import DEFAULT_SEED, DemoLoaded
from lrba.core.images import image_renditions_make
from lrba.core.text import fold
from lrba.events.models import Event
from lrba.knowledge.demo_pictures import logo_draw, picture_file
from lrba.members.demo import ADMIN_EMAIL, _audit_disabled
from lrba.members.models import Library
from lrba.website.models import (
    AnnualReport,
    Document,
    NewsImage,
    NewsItem,
    Page,
    PageImage,
    Partner,
    Project,
    ProjectImage,
    Tag,
)
from lrba.website.selectors import annual_report_due_on, annual_report_required_years
from lrba.website.services.pages import page_save
from lrba.website.services.reports import annual_report_save

VILNIUS = ZoneInfo("Europe/Vilnius")
CREDIT = "LRBA demonstracinė iliustracija"
TWO_DAYS = datetime.timedelta(days=2)

TAGS = (
    ("vaiku-skaitymas", "vaikų skaitymas", "children's reading"),
    ("skaitmenines-paslaugos", "skaitmeninės paslaugos", "digital services"),
    ("mokymai", "mokymai", "training"),
    ("projektai", "projektai", "projects"),
    ("bendruomene", "bendruomenė", "community"),
    ("renginiai", "renginiai", "events"),
    ("krastotyra", "kraštotyra", "local history"),
    ("senjorai", "senjorai", "seniors"),
    ("asociacija", "asociacijos veikla", "the association"),
    ("erdves", "bibliotekų erdvės", "library spaces"),
)

# (name, English name, kind, website, cooperating since (year), what we do together)
PARTNERS = (
    (
        "Lietuvos nacionalinė Martyno Mažvydo biblioteka",
        "Martynas Mažvydas National Library of Lithuania",
        Partner.Kind.LIBRARY,
        "https://www.lnb.lt/",
        2012,
        "Metodinė pagalba regionų bibliotekoms, bibliotekų statistika ir bendri mokymai.",
    ),
    (
        "Lietuvos bibliotekininkų draugija",
        "Lithuanian Librarians' Association",
        Partner.Kind.LIBRARY,
        "https://www.lbd.lt/",
        2013,
        "Nacionalinė bibliotekų savaitė, profesiniai renginiai ir bibliotekininkų kvalifikacija.",
    ),
    (
        "Lietuvos kultūros taryba",
        "Lithuanian Council for Culture",
        Partner.Kind.PUBLIC_BODY,
        "https://www.ltkt.lt/",
        2015,
        "Finansuoja asociacijos skaitymo skatinimo ir kultūros sklaidos projektus.",
    ),
    (
        "Lietuvos Respublikos kultūros ministerija",
        "Ministry of Culture of the Republic of Lithuania",
        Partner.Kind.PUBLIC_BODY,
        "https://lrkm.lrv.lt/",
        2012,
        "Bibliotekų politika, viešųjų bibliotekų modernizavimas ir teisės aktų derinimas.",
    ),
    (
        "Švietimo mainų paramos fondas",
        "Education Exchanges Support Foundation",
        Partner.Kind.PUBLIC_BODY,
        "https://www.smpf.lt/",
        2019,
        "Erasmus+ bibliotekininkų mobilumo ir suaugusiųjų švietimo projektai.",
    ),
    (
        "Lietuvos apskričių viešųjų bibliotekų asociacija",
        "Association of Lithuanian County Public Libraries",
        Partner.Kind.LIBRARY,
        "https://www.lavba.lt/",
        2014,
        "Bendri metodinės veiklos planai ir regionų bibliotekų konferencijos.",
    ),
    (
        "Asociacija „Langas į ateitį“",
        "Window to the Future Alliance",
        Partner.Kind.NGO,
        "https://www.langasiateiti.lt/",
        2016,
        "Skaitmeninio raštingumo mokymai gyventojams bibliotekose.",
    ),
    (
        "Lietuvos leidėjų asociacija",
        "Lithuanian Publishers Association",
        Partner.Kind.NGO,
        "https://www.lla.lt/",
        2018,
        "Knygų dovanojimo akcijos ir susitikimai su autoriais regionuose.",
    ),
    (
        "Tarptautinė bibliotekų asociacijų ir institucijų federacija (IFLA)",
        "International Federation of Library Associations and Institutions (IFLA)",
        Partner.Kind.INTERNATIONAL,
        "https://www.ifla.org/",
        2017,
        "Asociacija – IFLA narė: tarptautiniai standartai ir bibliotekų gynimas.",
    ),
    (
        "Europos bibliotekų, informacijos ir dokumentacijos asociacijų biuras (EBLIDA)",
        "European Bureau of Library, Information and Documentation Associations (EBLIDA)",
        Partner.Kind.INTERNATIONAL,
        "https://www.eblida.org/",
        2020,
        "Europos bibliotekų politika ir bibliotekų vaidmuo vietos bendruomenėse.",
    ),
)


@dataclass(frozen=True)
class PlannedProject:
    slug: str
    title: str
    title_en: str
    summary: str
    programme: str
    funder: str
    budget: Decimal
    start_year: int  # relative to this year: -2 two years ago
    months: int
    status: str
    partners: tuple[str, ...]  # partner names (prefixes)
    description: str
    results: str
    libraries: int  # how many partner libraries


PROJECTS = (
    PlannedProject(
        slug="skaitymo-issukis-regionuose",
        title="Skaitymo iššūkis regionuose",
        title_en="The reading challenge in the regions",
        summary="Vasaros skaitymo programa vaikams ir paaugliams kaimo bibliotekose: "
        "knygų rinkiniai, susitikimai su autoriais ir skaitymo dienoraščiai.",
        programme="Skaitymo skatinimo programa",
        funder="Lietuvos kultūros taryba",
        budget=Decimal("18500.00"),
        start_year=-2,
        months=14,
        status=Project.Status.COMPLETED,
        partners=("Lietuvos kultūros taryba", "Lietuvos leidėjų asociacija"),
        description="<p>Projektas skatino vaikus ir paauglius skaityti vasarą, kai mokykla "
        "nevyksta. Kiekviena dalyvaujanti biblioteka gavo naujų knygų rinkinį, surengė "
        "susitikimų su autoriais ir skaitymo vakarų.</p>",
        results="<ul><li>Dalyvavo 1 240 vaikų ir paauglių.</li><li>Surengta 86 susitikimai "
        "su autoriais ir iliustruotojais.</li><li>Bibliotekų fondai papildyti 2 300 naujų "
        "knygų.</li></ul>",
        libraries=6,
    ),
    PlannedProject(
        slug="krastotyros-lobiai-internete",
        title="Kraštotyros lobiai internete",
        title_en="Local history treasures online",
        summary="Regionų bibliotekų kraštotyros rinkiniai skaitmeninami ir skelbiami "
        "internete: nuotraukos, atsiminimai, vietos spauda.",
        programme="Kultūros paveldo aktualizavimo programa",
        funder="Lietuvos kultūros taryba",
        budget=Decimal("24300.00"),
        start_year=-2,
        months=18,
        status=Project.Status.COMPLETED,
        partners=("Lietuvos kultūros taryba", "Lietuvos nacionalinė Martyno Mažvydo"),
        description="<p>Bibliotekininkai išmoko skaitmeninti ir aprašyti kraštotyros "
        "dokumentus, o gyventojai pasidalijo šeimų archyvais.</p>",
        results="<ul><li>Suskaitmeninta 5 800 nuotraukų ir dokumentų.</li><li>Parengti 12 "
        "virtualių parodų.</li><li>Apmokyta 40 bibliotekininkų.</li></ul>",
        libraries=5,
    ),
    PlannedProject(
        slug="bibliotekos-skaitmeninio-rastingumo-centrai",
        title="Bibliotekos – skaitmeninio raštingumo centrai",
        title_en="Libraries as digital literacy centres",
        summary="Gyventojų skaitmeninių įgūdžių mokymai regionų bibliotekose: e. paslaugos, "
        "saugumas internete, dirbtinis intelektas kasdienybėje.",
        programme="2021–2027 m. ES fondų investicijų programa",
        funder="Europos socialinis fondas+ ir Lietuvos Respublikos biudžetas",
        budget=Decimal("96000.00"),
        start_year=-1,
        months=30,
        status=Project.Status.RUNNING,
        partners=("Asociacija „Langas į ateitį“", "Lietuvos Respublikos kultūros ministerija"),
        description="<p>Bibliotekos tampa vieta, kur kiekvienas gyventojas gali išmokti "
        "naudotis e. paslaugomis ir apsisaugoti nuo sukčių internete.</p>",
        results="<p>Per pirmuosius metus mokymuose dalyvavo 2 100 gyventojų; 30 "
        "bibliotekininkų tapo mokymų vadovais.</p>",
        libraries=8,
    ),
    PlannedProject(
        slug="kartu-skaitmeniniame-pasaulyje",
        title="Kartu skaitmeniniame pasaulyje: bibliotekos senjorams",
        title_en="Together in the digital world: libraries for seniors",
        summary="Savanoriai moksleiviai ir bibliotekininkai moko senjorus naudotis "
        "išmaniaisiais telefonais, e. sveikata ir vaizdo skambučiais.",
        programme="Kultūros ir meno sklaidos regionuose programa",
        funder="Lietuvos kultūros taryba",
        budget=Decimal("42000.00"),
        start_year=0,
        months=20,
        status=Project.Status.RUNNING,
        partners=("Lietuvos kultūros taryba", "Asociacija „Langas į ateitį“"),
        description="<p>Kartų susitikimai bibliotekose: jaunimas dalijasi skaitmeniniais "
        "įgūdžiais, senjorai – atsiminimais, kurie papildo kraštotyros rinkinius.</p>",
        results="<p>Veikia 14 senjorų klubų; užrašyta 60 atsiminimų pasakojimų.</p>",
        libraries=6,
    ),
    PlannedProject(
        slug="erasmus-siaures-saliu-patirtis",
        title="Erasmus+: Šiaurės šalių bibliotekų patirtis",
        title_en="Erasmus+: learning from Nordic libraries",
        summary="Regionų bibliotekininkų stažuotės Suomijos ir Danijos viešosiose "
        "bibliotekose: bendruomenės erdvės ir paslaugos suaugusiesiems.",
        programme="Erasmus+ KA1 suaugusiųjų švietimo mobilumas",
        funder="Švietimo mainų paramos fondas",
        budget=Decimal("31800.00"),
        start_year=0,
        months=16,
        status=Project.Status.RUNNING,
        partners=("Švietimo mainų paramos fondas",),
        description="<p>Dvidešimt bibliotekininkų savaitę stažuojasi Šiaurės šalių "
        "bibliotekose ir parsiveža idėjų savo bendruomenėms.</p>",
        results="<p>Įvyko dvi stažuotės; idėjos pristatytos asociacijos seminare.</p>",
        libraries=4,
    ),
    PlannedProject(
        slug="zalioji-biblioteka",
        title="Žalioji biblioteka",
        title_en="The green library",
        summary="Daiktų ir sėklų bibliotekos, tvarūs renginiai ir energijos taupymas "
        "regionų bibliotekose.",
        programme="Kultūros įstaigų tvarumo programa",
        funder="Lietuvos kultūros taryba",
        budget=Decimal("15000.00"),
        start_year=1,
        months=12,
        status=Project.Status.PLANNED,
        partners=("Lietuvos kultūros taryba", "Europos bibliotekų"),
        description="<p>Planuojama, kad projekto bibliotekos įkurs daiktų ir sėklų "
        "bibliotekas bei išbandys tvarių renginių gaires.</p>",
        results="",
        libraries=5,
    ),
)


# The year of news, one per entry: days before today (negative: scheduled after it), the
# tags' slugs, what it is about ("library:<kind>", "event:<title>", "project:<slug>" or
# ""), the title, its English, and the lead. {library} is the library's name in the
# nominative (the subject of the title), {library_gen} its genitive.
NEWS = (
    (
        352,
        ("asociacija", "renginiai"),
        "event:Metų apžvalga: regionų bibliotekų pasiekimai 2025",
        "Metų apžvalgos seminare – regionų bibliotekų pasiekimai",
        "Year-review seminar: what regional libraries achieved",
        "Bibliotekų vadovai ir metodininkai aptarė, kas per metus pavyko regionuose, ir "
        "pasidalijo ateinančių metų planais.",
    ),
    (
        340,
        ("vaiku-skaitymas", "bendruomene"),
        "library:municipal_public",
        "{library} pakvietė šeimas į žiemos skaitymo vakarus",
        "A library invites families to winter reading evenings",
        "Tamsiais žiemos vakarais biblioteka tapo jaukia vieta, kur tėvai ir vaikai kartu "
        "skaito, piešia ir kuria savo knygeles.",
    ),
    (
        330,
        ("skaitmenines-paslaugos", "mokymai"),
        "event:Naujasis bibliotekų statistikos modulis",
        "Pristatytas naujasis bibliotekų statistikos modulis",
        "The new library statistics module presented",
        "Nuotoliniame seminare bibliotekininkai susipažino su nauju statistikos moduliu: "
        "ataskaitos bus pildomos greičiau ir su mažiau klaidų.",
    ),
    (
        318,
        ("projektai", "krastotyra"),
        "project:krastotyros-lobiai-internete",
        "Kraštotyros lobiai jau internete: 5 800 suskaitmenintų dokumentų",
        "Local history treasures online: 5,800 digitised documents",
        "Baigėsi projektas „Kraštotyros lobiai internete“: regionų bibliotekų nuotraukos, "
        "atsiminimai ir vietos spauda dabar prieinami visiems.",
    ),
    (
        305,
        ("mokymai", "skaitmenines-paslaugos"),
        "event:Skaitmeninio raštingumo mokymai bibliotekininkams",
        "Skaitmeninio raštingumo mokymuose – visos vietos užimtos",
        "Digital literacy training fully booked",
        "Bibliotekininkai mokėsi, kaip padėti lankytojams naudotis e. paslaugomis ir "
        "atpažinti sukčius internete.",
    ),
    (
        296,
        ("erdves", "bendruomene"),
        "library:branch",
        "Po remonto {library} kviečia į jaukią skaityklą ir bendruomenės kambarį",
        "A renovated branch library opens a reading room and a community room",
        "Po remonto skyrius pakvietė gyventojus į šviesią skaityklą, kurioje galima ir "
        "dirbti, ir rengti bendruomenės susitikimus.",
    ),
    (
        284,
        ("vaiku-skaitymas",),
        "event:Vaikų ir jaunimo skaitymo skatinimas",
        "Kaip paskatinti paauglius skaityti: mokymų įžvalgos",
        "How to get teenagers reading: insights from the training",
        "Mokymuose bibliotekininkai dalijosi patirtimi, kaip knygų klubai, komiksai ir "
        "žaidimai padeda paaugliams atrasti skaitymą.",
    ),
    (
        270,
        ("erdves", "renginiai"),
        "event:Bibliotekos erdvių pertvarka: idėjos ir patirtys",
        "Bibliotekos erdvės keičiasi: seminare – idėjos ir patirtys",
        "Library spaces are changing: ideas and experience at the seminar",
        "Architektai ir bibliotekininkai aptarė, kaip nedidelėmis išlaidomis bibliotekoje "
        "sukurti tylos, darbo ir susitikimų zonas.",
    ),
    (
        262,
        ("senjorai", "bendruomene"),
        "library:municipal_public",
        "{library} kviečia senjorus į skaitmeninių įgūdžių klubą",
        "A library invites seniors to a digital skills club",
        "Kas savaitę senjorai mokosi naudotis išmaniuoju telefonu, e. bankininkyste ir "
        "vaizdo skambučiais su artimaisiais.",
    ),
    (
        250,
        ("renginiai", "bendruomene"),
        "event:Regionų bibliotekos – bendruomenės širdis",
        "Konferencija „Regionų bibliotekos – bendruomenės širdis“ sulaukė rekordinio "
        "dalyvių skaičiaus",
        "Record attendance at the conference on libraries as the heart of the community",
        "Konferencijoje kalbėta apie bibliotekas kaip vietos bendruomenių traukos centrus: "
        "pranešimus skaitė bibliotekininkai iš visų apskričių.",
    ),
    (
        236,
        ("mokymai",),
        "event:Komunikacija socialiniuose tinkluose",
        "Bibliotekininkai mokėsi pasakoti apie savo darbą socialiniuose tinkluose",
        "Librarians learn to tell their story on social media",
        "Mokymuose aptarta, kaip planuoti įrašus, fotografuoti telefonu ir atsakyti į "
        "skaitytojų komentarus.",
    ),
    (
        224,
        ("projektai", "skaitmenines-paslaugos"),
        "project:bibliotekos-skaitmeninio-rastingumo-centrai",
        "Prasideda projektas „Bibliotekos – skaitmeninio raštingumo centrai“",
        "The project 'Libraries as digital literacy centres' begins",
        "Aštuonios regionų bibliotekos per pusantrų metų apmokys daugiau kaip 2 000 "
        "gyventojų naudotis e. paslaugomis.",
    ),
    (
        214,
        ("renginiai",),
        "event:Pažintinė išvyka į Latvijos nacionalinę biblioteką",
        "Išvykoje į Latvijos nacionalinę biblioteką – idėjos mūsų bibliotekoms",
        "Study visit to the National Library of Latvia",
        "Asociacijos nariai susipažino su Rygos „Šviesos pilies“ paslaugomis vaikams, "
        "skaitmeninimo dirbtuvėmis ir renginių erdvėmis.",
    ),
    (
        205,
        ("krastotyra",),
        "library:municipal_public",
        "{library} išleido kraštotyros leidinį apie savo krašto šviesuolius",
        "A library publishes a local history book on the region's notable people",
        "Leidinyje – daugiau kaip 40 krašto šviesuolių biografijų, surinktų per kelerius "
        "metus kartu su mokyklų bendruomenėmis.",
    ),
    (
        196,
        ("renginiai", "bendruomene"),
        "event:Nacionalinė bibliotekų savaitė: renginių idėjos",
        "Nacionalinė bibliotekų savaitė: 300 renginių regionuose",
        "National Library Week: 300 events in the regions",
        "Per bibliotekų savaitę regionų bibliotekos surengė parodų, susitikimų, protmūšių "
        "ir knygų mainų.",
    ),
    (
        185,
        ("asociacija",),
        "event:Visuotinis narių susirinkimas",
        "Įvyko visuotinis asociacijos narių susirinkimas",
        "The association's General Meeting was held",
        "Susirinkimas patvirtino metų veiklos ataskaitą ir finansinių ataskaitų rinkinį, "
        "aptarė ateinančių metų veiklos kryptis.",
    ),
    (
        176,
        ("projektai", "senjorai"),
        "project:kartu-skaitmeniniame-pasaulyje",
        "Moksleiviai savanoriai moko senjorus: prasidėjo projektas „Kartu skaitmeniniame "
        "pasaulyje“",
        "Pupils teach seniors: the project 'Together in the digital world' starts",
        "Šešios bibliotekos kviečia senjorus į kartų susitikimus, kuriuose jaunimas dalijasi "
        "skaitmeniniais įgūdžiais.",
    ),
    (
        164,
        ("vaiku-skaitymas", "projektai"),
        "project:skaitymo-issukis-regionuose",
        "Vasaros skaitymo iššūkis: ko išmokome",
        "The summer reading challenge: what we learned",
        "Baigiamajame renginyje bibliotekos pasidalijo, kaip jiems pavyko įtraukti vaikus, "
        "kurie anksčiau bibliotekoje nesilankė.",
    ),
    (
        150,
        ("renginiai",),
        "event:Kultūrinė išvyka: Žemaitijos dvarų bibliotekos",
        "Žemaitijos dvarų bibliotekų pėdsakais",
        "In the footsteps of the manor libraries of Samogitia",
        "Kultūrinėje išvykoje bibliotekininkai aplankė dvarus, kurių bibliotekose kadaise "
        "buvo saugomos retos knygos.",
    ),
    (
        141,
        ("skaitmenines-paslaugos",),
        "event:Dirbtinis intelektas bibliotekininko darbe",
        "Dirbtinis intelektas bibliotekoje: galimybės ir atsargumas",
        "Artificial intelligence in the library: opportunities and caution",
        "Nuotoliniame seminare aptarta, kaip dirbtinio intelekto įrankiai padeda rengti "
        "renginių aprašus ir kur jais aklai pasitikėti negalima.",
    ),
    (
        128,
        ("vaiku-skaitymas",),
        "library:school",
        "{library} mokinius kviečia į vasaros skaitymo stovyklą",
        "A school library invites pupils to a summer reading camp",
        "Stovykloje vaikai skaitys, kurs komiksus ir susitiks su vaikų knygų autore.",
    ),
    (
        115,
        ("projektai",),
        "project:erasmus-siaures-saliu-patirtis",
        "Bibliotekininkai stažavosi Suomijos bibliotekose",
        "Librarians on a study placement in Finnish libraries",
        "Pirmoji Erasmus+ stažuotė: dešimt regionų bibliotekininkų savaitę dirbo Suomijos "
        "viešosiose bibliotekose.",
    ),
    (
        103,
        ("vaiku-skaitymas", "renginiai"),
        "event:Vasaros skaitymo programos rezultatai",
        "Vasaros skaitymo programoje dalyvavo daugiau kaip tūkstantis vaikų",
        "More than a thousand children joined the summer reading programme",
        "Seminare apibendrinti vasaros skaitymo programos rezultatai ir pasveikinti "
        "aktyviausi skaitytojai.",
    ),
    (
        92,
        ("erdves",),
        "library:municipal_public",
        "{library} atidarė tylos kambarį ir nuotolinio darbo vietas",
        "A library opens a quiet room and remote working desks",
        "Gyventojai, dirbantys nuotoliu, bibliotekoje ras tylią vietą, spartų internetą ir "
        "galimybę išsispausdinti dokumentus.",
    ),
    (
        80,
        ("renginiai", "bendruomene"),
        "event:Bibliotekos ir vietos bendruomenių ateitis",
        "Konferencijoje – bibliotekų ir vietos bendruomenių ateitis",
        "The future of libraries and local communities discussed at the conference",
        "Savivaldybių, bendruomenių ir bibliotekų atstovai aptarė, kaip kartu planuoti "
        "paslaugas gyventojams.",
    ),
    (
        71,
        ("asociacija",),
        "",
        "Asociacija kviečia teikti gerąją patirtį",
        "The association invites libraries to share good practice",
        "Naujoje svetainės skiltyje bibliotekos gali pasidalyti sėkmingais renginiais, "
        "paslaugomis ir projektais su kolegomis.",
    ),
    (
        60,
        ("mokymai",),
        "event:Bibliotekos ir mokyklos: bendradarbiavimo modeliai",
        "Bibliotekos ir mokyklos: kaip bendradarbiauti",
        "Libraries and schools: how to cooperate",
        "Seminare pristatyti bendradarbiavimo modeliai – nuo bendrų skaitymo pamokų iki "
        "mokyklų ir viešųjų bibliotekų bendrų fondų.",
    ),
    (
        50,
        ("krastotyra", "bendruomene"),
        "library:branch",
        "{library} kartu su seniūnija surinko kaimo istorijos atsiminimus",
        "A branch library gathers memories of the village's history",
        "Vyresnieji gyventojai pasakojo apie kaimo mokyklą, ūkius ir šventes – atsiminimai "
        "papildė bibliotekos kraštotyros rinkinį.",
    ),
    (
        41,
        ("skaitmenines-paslaugos", "bendruomene"),
        "event:Prieinamumas: paslaugos žmonėms su negalia",
        "Bibliotekų paslaugos žmonėms su negalia: ką galime padaryti jau dabar",
        "Library services for people with disabilities: what we can do now",
        "Nuotoliniame seminare aptartos paprastos priemonės: lengvai skaitomi tekstai, "
        "garsinės knygos ir prieinama svetainė.",
    ),
    (
        30,
        ("senjorai", "mokymai"),
        "event:Bibliotekų paslaugos senjorams",
        "Bibliotekų paslaugos senjorams: mokymų akimirkos",
        "Library services for seniors: moments from the training",
        "Bibliotekininkai mokėsi, kaip kurti paslaugas vyresnio amžiaus skaitytojams ir "
        "įtraukti juos į bibliotekos veiklą.",
    ),
    (
        22,
        ("asociacija",),
        "",
        "Asociacijos valdyba pritarė ateinančių metų renginių planui",
        "The Board approved next year's events plan",
        "Ateinančiais metais asociacija surengs daugiau mokymų regionuose ir daugiau "
        "dėmesio skirs naujoms narėms.",
    ),
    (
        14,
        ("krastotyra", "mokymai"),
        "event:Kraštotyros darbas bibliotekoje",
        "Kraštotyros darbas bibliotekoje: nuo rinkinio iki parodos",
        "Local history work in the library: from a collection to an exhibition",
        "Mokymuose bibliotekininkai mokėsi aprašyti kraštotyros dokumentus ir rengti "
        "virtualias parodas.",
    ),
    (
        8,
        ("vaiku-skaitymas", "bendruomene"),
        "library:municipal_public",
        "{library} dovanojo knygų rinkinius pirmokams",
        "A library gives book sets to first-graders",
        "Kiekvienas pirmokas gavo knygų rinkinį ir skaitytojo pažymėjimą – kad pažintis su "
        "biblioteka prasidėtų nuo pirmos klasės.",
    ),
    (
        3,
        ("asociacija", "skaitmenines-paslaugos"),
        "",
        "Atnaujinta asociacijos svetainė: naujienos, projektai ir geroji patirtis vienoje vietoje",
        "The association's renewed website: news, projects and good practice in one place",
        "Svetainėje atsirado naujienų archyvas, projektų aprašymai, gerosios patirties "
        "biblioteka ir metodinės pagalbos užklausos.",
    ),
    (
        -4,
        ("renginiai", "asociacija"),
        "event:Metų apžvalga: regionų bibliotekų pasiekimai 2026",
        "Kviečiame į metų apžvalgos seminarą",
        "Join us at the year-review seminar",
        "Seminare apžvelgsime metų pasiekimus regionų bibliotekose ir aptarsime ateinančių "
        "metų veiklos kryptis. Registracija jau vyksta.",
    ),
    (
        -11,
        ("projektai",),
        "project:zalioji-biblioteka",
        "Ieškome bibliotekų partnerių projektui „Žalioji biblioteka“",
        "Partner libraries wanted for 'The green library' project",
        "Kviečiame bibliotekas prisijungti prie projekto, kuriame kursime daiktų ir sėklų "
        "bibliotekas bei tvarių renginių gaires.",
    ),
)
# Not yet published: an editor's draft.
DRAFT = (
    ("asociacija",),
    "Nario mokesčio mokėjimo tvarka ateinantiems metams",
    "The membership fee for next year",
    "Primename, kaip ir iki kada sumokėti nario mokestį, ir kur rasti sąskaitą.",
)

PARAGRAPHS = (
    "Bibliotekininkai sako, kad svarbiausia – išgirsti, ko reikia gyventojams: vieniems "
    "trūksta vietos ramiai pasimokyti, kitiems – žmogaus, kuris padėtų susitvarkyti su "
    "e. paslaugomis.",
    "Renginiai vyko ne tik bibliotekose, bet ir bendruomenės namuose, mokyklose bei "
    "kultūros centruose, todėl juose dalyvavo ir tie, kurie bibliotekoje lankosi retai.",
    "Asociacija dėkoja visoms bibliotekoms, kurios dalijasi patirtimi: jų idėjos "
    "netrukus bus skelbiamos gerosios patirties bibliotekoje.",
    "Patirtimi su kolegomis bibliotekininkai dalysis ir asociacijos mokymuose, o "
    "medžiaga bus prieinama nariams svetainėje.",
    "Bibliotekos direktorė pabrėžė, kad be savanorių ir bendruomenės pagalbos tokia "
    "veikla nebūtų įmanoma.",
    "Daugiau informacijos – bibliotekos svetainėje ir socialinių tinklų paskyrose; "
    "klausimų galima užduoti ir asociacijos metodinės pagalbos tarnybai.",
    "Vaikų ir jaunimo skaitymas išlieka viena svarbiausių regionų bibliotekų veiklos "
    "krypčių: tai rodo ir bibliotekų statistika, ir skaitytojų atsiliepimai.",
    "Asociacijos nariai gali nemokamai naudotis renginio medžiaga ir konsultuotis su "
    "pranešėjais po renginio.",
)


@dataclass
class PlannedNews:
    slug: str
    title: str
    title_en: str
    lead: str
    body: str
    tags: tuple[str, ...]
    publish_at: datetime.datetime
    status: str = NewsItem.Status.PUBLISHED
    library_slug: str = ""
    event_slug: str = ""
    project_slug: str = ""
    letter: str = ""
    extra: dict = field(default_factory=dict)


def demo_data_present() -> bool:
    return NewsItem.objects.exists() or Project.objects.exists()


def demo_data_load(*, scale: int, people: int | None, seed: int) -> DemoLoaded:
    """The website part of `manage.py demo_data`: loads last (news link to libraries,
    events and projects)."""
    return DemoLoaded(created=website_demo_load(seed=seed))


def website_demo_load(*, seed: int = DEFAULT_SEED) -> dict[str, int]:
    admin = User.objects.filter(email__iexact=ADMIN_EMAIL).first()
    today = timezone.localdate()
    created: dict[str, int] = {}
    with transaction.atomic(), _audit_disabled():
        created["tags"] = _load_tags()
        created["partners"] = _load_partners()
        created["projects"] = _load_projects(seed=seed, today=today)
        planned = plan_news(
            seed=seed,
            today=today,
            libraries=_library_choices(),
            events=_event_choices(),
            projects=set(Project.objects.values_list("slug", flat=True)),
        )
        created["news"] = _load_news(planned, admin)
        created["annual reports"] = _load_annual_reports(seed=seed, today=today, admin=admin)
        created["pages"] = _load_history_page(admin)
    return created


# Tags and partners ----------------------------------------------------------------------------


def _load_tags() -> int:
    existing = set(Tag.objects.values_list("slug", flat=True))
    new = 0
    for slug, name, name_en in TAGS:
        if slug in existing:
            continue
        tag = Tag(slug=slug, name=name, name_en=name_en)
        tag.full_clean()
        tag.save()
        new += 1
    return new


def _initials(name: str) -> str:
    if "(" in name:  # an international body: its acronym
        return name.rsplit("(", 1)[1].rstrip(")")[:3]
    words = [w for w in name.replace("„", "").replace("“", "").split() if w[:1].isupper()]
    return "".join(w[0] for w in words[:3])


def _load_partners() -> int:
    existing = set(Partner.objects.values_list("name", flat=True))
    new = 0
    for position, (name, name_en, kind, website, since, description) in enumerate(PARTNERS):
        if name in existing:
            continue
        partner = Partner(
            name=name,
            name_en=name_en,
            kind=kind,
            website=website,
            cooperating_since=datetime.date(since, 1, 1),
            description=description,
            position=position * 10,
        )
        logo = logo_draw(key=name, initials=_initials(name))
        partner.logo = ContentFile(logo, name=f"{slugify(fold(name))[:60]}.png")
        partner.full_clean()
        partner.save()
        new += 1
    return new


# Projects -------------------------------------------------------------------------------------


def _project_dates(planned: PlannedProject, today: datetime.date) -> tuple:
    start = datetime.date(today.year + planned.start_year, 3 if planned.start_year else 1, 1)
    if planned.status == Project.Status.RUNNING and start > today:
        start = today.replace(day=1)
    months = start.month - 1 + planned.months
    end = datetime.date(start.year + months // 12, months % 12 + 1, 1) - datetime.timedelta(days=1)
    if planned.status == Project.Status.COMPLETED and end >= today:
        end = today - datetime.timedelta(days=120)
        start = min(start, end - datetime.timedelta(days=300))
    if planned.status == Project.Status.RUNNING and end <= today:
        end = today + datetime.timedelta(days=200)
    return start, end


def _load_projects(*, seed: int, today: datetime.date) -> int:
    existing = set(Project.objects.values_list("slug", flat=True))
    rng = random.Random(f"{seed}:projects")
    candidates = list(
        Library.objects.members()
        .filter(kind__in=[Library.Kind.MUNICIPAL_PUBLIC, Library.Kind.COUNTY_PUBLIC])
        .order_by("slug")
        .values_list("pk", flat=True)
    )
    partners = list(Partner.objects.order_by("position", "pk"))
    new = 0
    for planned in PROJECTS:
        chosen = rng.sample(candidates, min(planned.libraries, len(candidates)))
        if planned.slug in existing:
            continue
        starts_on, ends_on = _project_dates(planned, today)
        project = Project(
            slug=planned.slug,
            title=planned.title,
            title_en=planned.title_en,
            summary=planned.summary,
            description=planned.description,
            results=planned.results,
            programme=planned.programme,
            funder=planned.funder,
            budget=planned.budget,
            starts_on=starts_on,
            ends_on=ends_on,
            status=planned.status,
            is_published=True,
        )
        project.full_clean()
        project.save()
        project.partner_libraries.set(chosen)
        project.partners.set(
            [p for p in partners if any(p.name.startswith(n) for n in planned.partners)]
        )
        _image_add(
            ProjectImage(
                project=project,
                alt_text=f"Iliustracija: knygų lentyna ir raidė „{planned.title[0]}“ – "
                f"projekto „{planned.title}“ ženklas",
                alt_text_en=f"Illustration: a bookshelf and the letter {planned.title[0]}",
                credit=CREDIT,
            ),
            key=f"{seed}:project:{planned.slug}",
            letter=planned.title[0],
        )
        new += 1
    return new


def _image_add(image, *, key: str, letter: str) -> None:
    """Save a drawn picture into `image` (a ResizedImage) and make its renditions."""
    image.image = picture_file(key=key, letter=letter, name=f"{slugify(fold(key))[:80]}.png")
    image.full_clean()
    image.save()
    image_renditions_make(image)


# News -----------------------------------------------------------------------------------------


def _library_choices() -> dict[str, list[tuple[str, str, str]]]:
    """(slug, name, genitive) of member libraries (and of their branches) by kind."""
    members = Library.objects.members()
    rows = (
        Library.objects.filter(pk__in=members.values("pk"))
        | Library.objects.filter(parent__in=members.values("pk"), kind=Library.Kind.BRANCH)
    ).order_by("slug")
    choices: dict[str, list[tuple[str, str, str]]] = {}
    for slug, name, genitive, kind in rows.values_list("slug", "name", "name_genitive", "kind"):
        choices.setdefault(kind, []).append((slug, name, genitive or name))
    return choices


def _event_choices() -> dict[str, list[tuple[str, datetime.datetime]]]:
    """(slug, start) of the published demo events by title."""
    choices: dict[str, list[tuple[str, datetime.datetime]]] = {}
    rows = (
        Event.objects.filter(status=Event.Status.PUBLISHED)
        .order_by("starts_at")
        .values_list("title", "slug", "starts_at")
    )
    for title, slug, starts_at in rows:
        choices.setdefault(title, []).append((slug, starts_at))
    return choices


def _at(day: datetime.date, hour: int, minute: int) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=VILNIUS)


def _news_slug(title: str, taken: set[str]) -> str:
    base = slugify(fold(title))[:100].strip("-") or "naujiena"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def plan_news(
    *,
    seed: int,
    today: datetime.date,
    libraries: dict[str, list[tuple[str, str, str]]],
    events: dict[str, list[tuple[str, datetime.datetime]]],
    projects: set[str],
) -> list[PlannedNews]:
    """The year of news up to `today` (and two scheduled after it), in memory.

    A news item about an event is dated two days after it (or, announcing it, ten days
    before) when that falls within the year; otherwise it keeps its own date and no link.
    """
    rng = random.Random(f"{seed}:news")
    taken: set[str] = set()
    used_libraries: set[str] = set()
    planned = []
    for days_ago, tags, about, title, title_en, lead in NEWS:
        day = today - datetime.timedelta(days=days_ago)
        hour, minute = rng.randint(8, 15), rng.choice((0, 15, 30, 45))
        news = PlannedNews(
            slug="",
            title=title,
            title_en=title_en,
            lead=lead,
            body="",
            tags=tags,
            publish_at=_at(day, hour, minute),
        )
        kind, _sep, target = about.partition(":")
        if kind == "library":
            pool = [c for c in libraries.get(target, []) if c[0] not in used_libraries]
            if pool:
                slug, name, genitive = rng.choice(pool)
                used_libraries.add(slug)
                news.library_slug = slug
                news.title = title.format(library=name, library_gen=genitive)
            else:  # no such library in the register: a general wording
                news.title = title.format(library="Biblioteka", library_gen="bibliotekos")
        elif kind == "event":
            if days_ago < 0:  # an invitation: the event is still ahead when it appears
                ahead = [
                    slug
                    for slug, starts_at in events.get(target, [])
                    if timezone.localtime(starts_at, VILNIUS).date() >= day
                ]
                news.event_slug = ahead[0] if ahead else ""
            else:  # a report two days after the event nearest to the planned day
                reports = sorted(
                    (abs((when - day).days), when, slug)
                    for slug, starts_at in events.get(target, [])
                    if today - datetime.timedelta(days=365)
                    <= (when := timezone.localtime(starts_at, VILNIUS).date() + TWO_DAYS)
                    < today
                )
                if reports:
                    _distance, when, news.event_slug = reports[0]
                    news.publish_at = _at(when, hour, minute)
        elif kind == "project" and target in projects:
            news.project_slug = target
        # The lead is shown above the text: the text goes on from it.
        news.body = "".join(f"<p>{text}</p>" for text in rng.sample(PARAGRAPHS, 3))
        news.slug = _news_slug(news.title, taken)
        news.letter = news.title.lstrip("„")[:1]
        planned.append(news)
    tags, title, title_en, lead = DRAFT
    planned.append(
        PlannedNews(
            slug=_news_slug(title, taken),
            title=title,
            title_en=title_en,
            lead=lead,
            body=f"<p>{PARAGRAPHS[5]}</p>",
            tags=tags,
            publish_at=_at(today + datetime.timedelta(days=20), 9, 0),
            status=NewsItem.Status.DRAFT,
            letter=title[:1],
        )
    )
    return planned


def _load_news(planned: list[PlannedNews], admin: User | None) -> int:
    existing = set(NewsItem.objects.values_list("slug", flat=True))
    tags = dict(Tag.objects.values_list("slug", "pk"))
    library_ids = dict(
        Library.objects.filter(
            slug__in=[p.library_slug for p in planned if p.library_slug]
        ).values_list("slug", "pk")
    )
    event_ids = dict(
        Event.objects.filter(slug__in=[p.event_slug for p in planned if p.event_slug]).values_list(
            "slug", "pk"
        )
    )
    project_ids = dict(Project.objects.values_list("slug", "pk"))
    new = 0
    for news in planned:
        if news.slug in existing:
            continue
        item = NewsItem(
            slug=news.slug,
            title=news.title,
            title_en=news.title_en,
            lead=news.lead,
            body=news.body,
            status=news.status,
            publish_at=news.publish_at,
            library_id=library_ids.get(news.library_slug),
            event_id=event_ids.get(news.event_slug),
            project_id=project_ids.get(news.project_slug),
            author=admin,
            created_at=min(news.publish_at, timezone.now()) - datetime.timedelta(hours=3),
        )
        item.full_clean()
        item.save()
        item.tags.set([tags[slug] for slug in news.tags if slug in tags])
        _image_add(
            NewsImage(
                news_item=item,
                alt_text=f"Iliustracija: knygų lentyna ir didelė raidė „{news.letter}“",
                alt_text_en=f"Illustration: a bookshelf and a large letter {news.letter}",
                credit=CREDIT,
            ),
            key=f"news:{news.slug}",
            letter=news.letter,
        )
        new += 1
    return new


# Annual reports -------------------------------------------------------------------------------


def _report_figures(rng: random.Random, year: int) -> dict:
    fees = Decimal(rng.randrange(38_000, 46_000))
    grants = Decimal(rng.randrange(40_000, 90_000))
    support = Decimal(rng.randrange(3_000, 9_000))
    income = fees + grants + support
    projects = (grants * Decimal("0.96")).quantize(Decimal("1"))
    events = Decimal(rng.randrange(14_000, 20_000))
    admin = Decimal(rng.randrange(16_000, 22_000))
    expenses = projects + events + admin
    return {
        "year": year,
        "income": [
            ("Nario mokesčiai", fees),
            ("Projektų finansavimas", grants),
            ("Parama", support),
        ],
        "income_total": income,
        "expenses": [
            ("Projektų veikla", projects),
            ("Renginiai ir mokymai", events),
            ("Administravimas", admin),
        ],
        "expenses_total": expenses,
        "result": income - expenses,
        "events": rng.randrange(30, 46),
        "participants": rng.randrange(1800, 2600),
        "members": rng.randrange(290, 320),
        "help_requests": rng.randrange(60, 110),
    }


def _load_annual_reports(*, seed: int, today: datetime.date, admin: User | None) -> int:
    from lrba.core.pdf import render_pdf_pages

    years = sorted(annual_report_required_years(today))  # the three the law wants shown
    kinds = [AnnualReport.Kind.FINANCIAL_STATEMENTS, AnnualReport.Kind.ACTIVITY_REPORT]
    existing = set(AnnualReport.objects.values_list("year", "kind"))
    wanted = [(year, kind) for year in years for kind in kinds if (year, kind) not in existing]
    if not wanted:
        return 0
    rng = random.Random(f"{seed}:reports")
    figures = {year: _report_figures(rng, year) for year in years}
    reports = [{"kind": kind, **figures[year]} for year, kind in wanted]
    pages = render_pdf_pages("website/pdf/demo_annual_report.html", {"reports": reports})
    for (year, kind), pdf in zip(wanted, pages, strict=True):
        approved = min(datetime.date(year + 1, 4, 24), annual_report_due_on(year))
        label = (
            "Finansinių ataskaitų rinkinys"
            if kind == AnnualReport.Kind.FINANCIAL_STATEMENTS
            else "Veiklos ataskaita"
        )
        document = Document(
            title=f"{year} m. {label.lower()}",
            description=f"Asociacijos {year} m. {label.lower()}, patvirtintas visuotinio "
            "narių susirinkimo.",
            category=Document.Category.REPORT,
            access=Document.Access.PUBLIC,
            published_on=min(approved + datetime.timedelta(days=7), today),
            created_by=admin,
        )
        document.file = ContentFile(pdf, name=f"{year}-{slugify(fold(label))}.pdf")
        document.full_clean()
        document.save()
        report = AnnualReport(
            year=year,
            kind=kind,
            document=document,
            approved_on=approved,
            approval=f"Visuotinio narių susirinkimo {approved:%Y-%m-%d} sprendimas Nr. "
            f"VS-{year + 1}-{2 if kind == AnnualReport.Kind.ACTIVITY_REPORT else 1}",
            without_personal_data=True,
        )
        annual_report_save(report=report, by=admin)
    return len(wanted)


# A page with a picture ------------------------------------------------------------------------


HISTORY_BODY = (
    "<p>Asociacija įkurta 2012 metais, kai regionų bibliotekos nusprendė kartu ginti savo "
    "interesus ir dalytis patirtimi.</p>"
    "<h2>Svarbiausi etapai</h2>"
    "<ul><li>2012 m. – steigiamasis susirinkimas, 38 bibliotekos steigėjos.</li>"
    "<li>2015 m. – pirmasis Lietuvos kultūros tarybos finansuotas projektas.</li>"
    "<li>2017 m. – asociacija tapo IFLA nare.</li>"
    "<li>2020 m. – mokymai persikėlė ir į internetą.</li>"
    "<li>2026 m. – nauja svetainė su gerosios patirties biblioteka ir metodine pagalba.</li></ul>"
)


def _load_history_page(admin: User | None) -> int:
    parent = Page.objects.filter(path="apie-asociacija").first()
    if parent is None or Page.objects.filter(parent=parent, slug="istorija").exists():
        return 0
    page = Page(
        parent=parent,
        slug="istorija",
        title="Asociacijos istorija",
        title_en="History of the association",
        summary="Nuo 38 bibliotekų steigėjų iki daugiau kaip trijų šimtų narių.",
        summary_en="From 38 founding libraries to more than three hundred members.",
        body=HISTORY_BODY,
        status=Page.Status.PUBLISHED,
        position=10,
        updated_by=admin,
    )
    page = page_save(page=page, by=admin)  # gives it its path under "About us"
    _image_add(
        PageImage(
            page=page,
            alt_text="Iliustracija: knygų lentyna ir raidė „A“ – asociacijos istorija",
            alt_text_en="Illustration: a bookshelf and the letter A",
            caption="Asociacija jungia regionų bibliotekas nuo 2012 metų.",
            credit=CREDIT,
        ),
        key="page:apie-asociacija/istorija",
        letter="A",
    )
    return 1
