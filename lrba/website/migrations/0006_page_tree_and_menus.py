from django.db import migrations


def pages_into_the_tree(apps, schema_editor):
    """The pages so far were plain text at the top level and always shown: they become
    published top-level pages of the tree, their text turned into the same HTML."""
    from lrba.website.text import plain_text_to_html

    Page = apps.get_model("website", "Page")
    for page in Page.objects.all():
        page.path = page.slug
        page.status = "published"
        page.body = str(plain_text_to_html(page.body))
        page.body_en = str(plain_text_to_html(page.body_en)) if page.body_en.strip() else ""
        page.save(update_fields=["path", "status", "body", "body_en"])


def main_menu(apps, schema_editor):
    """The header and footer menus as the site had them, now editable."""
    MenuItem = apps.get_model("website", "MenuItem")
    Page = apps.get_model("website", "Page")
    about = Page.objects.filter(path="apie-asociacija").first()
    header = [
        ("Apie mus", "About us", about, ""),
        ("Naujienos", "News", None, "/naujienos/"),
        ("Bibliotekos narės", "Member libraries", None, "/bibliotekos/"),
        ("Renginiai", "Events", None, "/renginiai/"),
        ("Geroji patirtis", "Good practice", None, "/geroji-patirtis/"),
        ("Projektai", "Projects", None, "/projektai/"),
        ("Dokumentai", "Documents", None, "/dokumentai/"),
        ("Įstoti", "Join", None, "/stoti/"),
    ]
    footer = [
        ("Partneriai", "Partners", None, "/partneriai/"),
        ("Metinės ataskaitos", "Annual reports", None, "/ataskaitos/"),
        ("Naujienlaiškiai", "Newsletters", None, "/naujienlaiskiai/"),
        ("Valdybos sudėtis", "Composition of the Board", None, "/valdymas/valdyba/"),
        ("Nutarimai", "Decisions", None, "/valdymas/viesi-nutarimai/"),
        ("Privatumo pranešimas", "Privacy notice", None, "/privatumas/"),
    ]
    for menu, items in (("header", header), ("footer", footer)):
        for position, (label, label_en, page, link) in enumerate(items, start=1):
            if page is None and not link:
                continue
            MenuItem.objects.create(
                menu=menu,
                label=label,
                label_en=label_en,
                page=page,
                link="" if page else link,
                position=position * 10,
            )



class Migration(migrations.Migration):
    dependencies = [("website", "0005_content")]

    operations = [
        migrations.RunPython(pages_into_the_tree, migrations.RunPython.noop),
        migrations.RunPython(main_menu, migrations.RunPython.noop),
    ]
