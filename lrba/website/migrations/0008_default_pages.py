"""The pages every association site needs, as first drafts the secretariat edits: the
statutes (under "About us"), contacts and requisites, and the accessibility statement the
EU Web Accessibility Directive (2016/2102) asks for, in the model form of Commission
Implementing Decision (EU) 2018/1523; with their links in the footer menu.

Each page is published so the site is whole from the first day; a page that already
exists at its address (written by hand before this migration) is left as it is.
"""

from django.db import migrations

STATUTES_LT = """
<p>Įstatai – pagrindinis asociacijos dokumentas. Juose nustatyti asociacijos tikslai ir
veiklos sritys, narių teisės ir pareigos, narių priėmimo, išstojimo ir pašalinimo tvarka,
visuotinio narių susirinkimo ir Valdybos kompetencija, susirinkimo šaukimo ir sprendimų
priėmimo tvarka.</p>
<p>Įstatus keičia visuotinis narių susirinkimas: sprendimui reikia ne mažiau kaip 2/3
susirinkime dalyvaujančių narių balsų (Asociacijų įstatymo 8 straipsnio 7 dalis).
Pakeisti įstatai per 30 dienų pateikiami Juridinių asmenų registrui.</p>
<p>Galiojančią įstatų redakciją rasite <a href="/dokumentai/?category=statutes">dokumentų
skiltyje</a>. Įstatus taip pat galima perskaityti asociacijos buveinėje arba paprašyti
jų sekretoriato.</p>
"""

STATUTES_EN = """
<p>The statutes are the association's founding document. They set out its goals and
areas of work, the members' rights and duties, how members join, leave and are excluded,
what the General Meeting and the Board decide, and how the meeting is convened and
decides.</p>
<p>The General Meeting amends the statutes by at least two thirds of the votes of the
members taking part (Law on Associations, Article 8(7)). Amended statutes are filed with
the Register of Legal Entities within 30 days.</p>
<p>The statutes in force are in the <a href="/dokumentai/?category=statutes">documents</a>
(in Lithuanian). They can also be read at the association's registered office or asked
for from the secretariat.</p>
"""

CONTACTS_LT = """
<p>Asociacijos kasdienius reikalus tvarko sekretoriatas: rašykite jam dėl narystės,
renginių, mokymų, metodinės pagalbos ir šios svetainės. Į laiškus atsakome darbo
dienomis.</p>
<p>Žemiau – asociacijos rekvizitai sąskaitoms, sutartims ir paramai.</p>
"""

CONTACTS_EN = """
<p>The secretariat runs the association's day-to-day work: write to it about
membership, events, training, methodological help and this site. We answer on working
days.</p>
<p>The association's requisites for invoices, contracts and support are below.</p>
"""

ACCESSIBILITY_LT = """
<p>Lietuvos regionų bibliotekų asociacija siekia, kad ši svetainė būtų prieinama
visiems, taip pat žmonėms su negalia. Šis prieinamumo pareiškimas taikomas šiai
svetainei.</p>
<h2>Atitikties būklė</h2>
<p>Svetainė <strong>iš dalies atitinka</strong> standarto EN 301 549 ir Saityno turinio
prieinamumo gairių (WCAG) 2.1 AA lygio reikalavimus dėl toliau nurodytų neatitikčių.</p>
<h2>Neprieinamas turinys</h2>
<ul>
<li>Dalis skelbiamų dokumentų (PDF ir skenuoti protokolai, ataskaitos) gali būti be
teksto sluoksnio, antraščių ar žymų, todėl ekrano skaitytuvai jų gali neperskaityti.
Paprašius pateiksime tokį dokumentą prieinama forma.</li>
<li>Nuotraukų alternatyvųjį tekstą rašo redaktoriai; jis privalomas, tačiau ne visada
išsamiai apibūdina paveikslą.</li>
<li>Dalis puslapių dar neišversta į anglų kalbą: tada rodomas lietuviškas tekstas,
pažymėtas kaip lietuvių kalbos.</li>
<li>Administravimo sritis (sekretoriato darbo vieta) išsamiai prieinamumo požiūriu
netikrinta.</li>
</ul>
<h2>Kaip parengtas šis pareiškimas</h2>
<p>Pareiškimas parengtas 2026 m. lapkričio 29 d. Svetainę įvertino pati asociacija:
puslapiai automatiškai tikrinami priemone axe-core (WCAG 2.1 AA), taip pat rankiniu būdu
tikrinamas naudojimasis tik klaviatūra ir 360 pikselių pločio ekranu.</p>
<h2>Grįžtamasis ryšys ir kontaktai</h2>
<p>Jei pastebėjote prieinamumo kliūtį arba jums reikia informacijos kita forma, parašykite
asociacijos sekretoriatui (kontaktai – puslapyje <a href="/kontaktai/">Kontaktai ir
rekvizitai</a>). Nurodykite puslapio adresą ir kliūtį. Atsakysime per 10 darbo dienų.</p>
<h2>Įgyvendinimo užtikrinimo procedūra</h2>
<p>Jei mūsų atsakymas jūsų netenkina, galite kreiptis į asociacijos Valdybą (per
sekretoriatą, nurodydami, kad skundžiate atsakymą). Jei manote, kad dėl negalios buvote
diskriminuoti, galite pateikti skundą Lygių galimybių kontrolieriaus tarnybai.</p>
<p>Asociacija nėra valstybės ar savivaldybės institucija ar įstaiga, todėl Vyriausybės
2003 m. balandžio 18 d. nutarimu Nr. 480 patvirtinti bendrieji reikalavimai jos svetainei
netaikomi; šį pareiškimą rengiame savanoriškai pagal Direktyvos (ES) 2016/2102 ir
Komisijos įgyvendinimo sprendimo (ES) 2018/1523 pavyzdinę formą.</p>
"""

ACCESSIBILITY_EN = """
<p>The Lithuanian Regional Libraries Association wants this website to be accessible to
everyone, people with disabilities included. This accessibility statement applies to
this website.</p>
<h2>Compliance status</h2>
<p>This website is <strong>partially compliant</strong> with standard EN 301 549 and the
Web Content Accessibility Guidelines (WCAG) 2.1 level AA, because of the non-compliances
listed below.</p>
<h2>Non-accessible content</h2>
<ul>
<li>Some published documents (PDFs and scanned minutes or reports) may lack a text
layer, headings or tags, so screen readers may not read them. On request we provide such
a document in an accessible form.</li>
<li>The alternative text of pictures is written by editors; it is required, but does not
always describe the picture fully.</li>
<li>Some pages are not translated into English yet: their Lithuanian text is shown,
marked as Lithuanian.</li>
<li>The back office (the secretariat's workplace) has not been fully checked for
accessibility.</li>
</ul>
<h2>Preparation of this statement</h2>
<p>This statement was prepared on 29 November 2026. The association assessed the site
itself: pages are checked automatically with axe-core (WCAG 2.1 AA), and use with the
keyboard alone and on a 360-pixel-wide screen is checked by hand.</p>
<h2>Feedback and contact information</h2>
<p>If you meet an accessibility barrier or need information in another form, write to
the association's secretariat (see <a href="/kontaktai/">Contacts and requisites</a>).
Tell us the page's address and the barrier. We answer within 10 working days.</p>
<h2>Enforcement procedure</h2>
<p>If our answer does not satisfy you, you may turn to the association's Board (through
the secretariat, saying that you are appealing our answer). If you believe you were
discriminated against because of a disability, you may complain to the Office of the
Equal Opportunities Ombudsperson (Lygių galimybių kontrolieriaus tarnyba).</p>
<p>The association is not a state or municipal institution or body, so the general
requirements approved by Government Resolution No 480 of 18 April 2003 do not apply to
its website; we publish this statement voluntarily, following the model of Directive
(EU) 2016/2102 and Commission Implementing Decision (EU) 2018/1523.</p>
"""

PAGES = [
    # (parent path, slug, kind, title, title_en, summary, summary_en, body, body_en, position)
    (
        "apie-asociacija",
        "istatai",
        "standard",
        "Įstatai",
        "Statutes",
        "Kas nustatyta asociacijos įstatuose ir kur rasti galiojančią jų redakciją.",
        "What the statutes lay down and where to find those in force.",
        STATUTES_LT,
        STATUTES_EN,
        10,
    ),
    (
        "",
        "kontaktai",
        "contacts",
        "Kontaktai ir rekvizitai",
        "Contacts and requisites",
        "Kaip susisiekti su asociacijos sekretoriatu; asociacijos rekvizitai.",
        "How to reach the association's secretariat; its requisites.",
        CONTACTS_LT,
        CONTACTS_EN,
        90,
    ),
    (
        "",
        "prieinamumas",
        "standard",
        "Prieinamumo pareiškimas",
        "Accessibility statement",
        "Kiek ši svetainė prieinama žmonėms su negalia ir kaip pranešti apie kliūtis.",
        "How accessible this site is and how to tell us about a barrier.",
        ACCESSIBILITY_LT,
        ACCESSIBILITY_EN,
        95,
    ),
]

FOOTER = [
    # (page path, label, label_en, position)
    ("kontaktai", "Kontaktai ir rekvizitai", "Contacts and requisites", 5),
    ("prieinamumas", "Prieinamumo pareiškimas", "Accessibility statement", 100),
]


def default_pages(apps, schema_editor):
    Page = apps.get_model("website", "Page")
    MenuItem = apps.get_model("website", "MenuItem")
    for (
        parent_path,
        slug,
        kind,
        title,
        title_en,
        summary,
        summary_en,
        body,
        body_en,
        position,
    ) in PAGES:
        parent = Page.objects.filter(path=parent_path).first() if parent_path else None
        if parent_path and parent is None:
            continue  # the section was removed: nothing to put under it
        path = f"{parent_path}/{slug}" if parent_path else slug
        if Page.objects.filter(path=path).exists():
            continue
        Page.objects.create(
            parent=parent,
            slug=slug,
            path=path,
            kind=kind,
            title=title,
            title_en=title_en,
            summary=summary,
            summary_en=summary_en,
            body=body.strip(),
            body_en=body_en.strip(),
            status="published",
            position=position,
        )
    for path, label, label_en, position in FOOTER:
        page = Page.objects.filter(path=path).first()
        if page is None or MenuItem.objects.filter(menu="footer", page=page).exists():
            continue
        MenuItem.objects.create(
            menu="footer", label=label, label_en=label_en, page=page, position=position
        )


def remove_default_pages(apps, schema_editor):
    Page = apps.get_model("website", "Page")
    MenuItem = apps.get_model("website", "MenuItem")
    paths = [f"{p}/{slug}" if p else slug for p, slug, *_rest in PAGES]
    MenuItem.objects.filter(page__path__in=paths).delete()
    Page.objects.filter(path__in=paths, children__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("website", "0007_page_path_unique")]

    operations = [migrations.RunPython(default_pages, remove_default_pages)]
