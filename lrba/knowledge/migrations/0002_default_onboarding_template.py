"""The default onboarding checklist a newly admitted library goes through.

The secretariat may change its steps in the back office (knowledge › onboarding
templates); this only creates it when no default template exists yet, and taking the
migration back removes it only if no library's checklist was copied from it.
"""

from django.db import migrations

TEMPLATE_NAME = "Naujos narės pirmieji žingsniai"
# (title, title in English, what to do, done when, due days after admission)
STEPS = (
    (
        "Atstovo paskyra svetainėje",
        "The representative's account on the site",
        "Bibliotekos vadovas arba įgaliotas atstovas priima kvietimą ir susikuria paskyrą.",
        "representative_account",
        14,
    ),
    (
        "Bibliotekos aprašymas ir kontaktai",
        "The library's profile and contacts",
        "Skiltyje „Mano biblioteka“ užpildomas viešas bibliotekos aprašymas ir kontaktai.",
        "library_profile",
        30,
    ),
    (
        "Pirmoji nario mokesčio sąskaita",
        "The first membership fee invoice",
        "Sekretoriatas išrašo pirmąją nario mokesčio sąskaitą.",
        "first_invoice",
        30,
    ),
    (
        "Globėja biblioteka",
        "A mentor library",
        "Sekretoriatas paskiria patyrusią biblioteką narę, kuri padės naujai narei "
        "pirmaisiais metais.",
        "mentor",
        30,
    ),
    (
        "Susipažinimo susitikimas",
        "The welcome meeting",
        "Sekretoriatas ir globėja biblioteka susitinka su naujos narės komanda "
        "(gyvai arba nuotoliu) ir pristato asociacijos veiklą.",
        "manual",
        45,
    ),
    (
        "Pirmieji mokymai",
        "The first training",
        "Bent vienas bibliotekos darbuotojas dalyvauja asociacijos renginyje ar mokymuose.",
        "first_training",
        120,
    ),
)


def create_default(apps, schema_editor):
    Template = apps.get_model("knowledge", "OnboardingTemplate")
    Step = apps.get_model("knowledge", "OnboardingTemplateStep")
    if Template.objects.filter(is_default=True).exists():
        return
    template = Template.objects.create(name=TEMPLATE_NAME, is_default=True)
    Step.objects.bulk_create(
        Step(
            template=template,
            title=title,
            title_en=title_en,
            description=description,
            done_when=done_when,
            due_days=due_days,
            position=position,
        )
        for position, (title, title_en, description, done_when, due_days) in enumerate(STEPS, 1)
    )


def remove_default(apps, schema_editor):
    Template = apps.get_model("knowledge", "OnboardingTemplate")
    Onboarding = apps.get_model("knowledge", "Onboarding")
    template = Template.objects.filter(name=TEMPLATE_NAME, is_default=True).first()
    if template is not None and not Onboarding.objects.filter(template=template).exists():
        template.delete()


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]

    operations = [migrations.RunPython(create_default, remove_default)]
