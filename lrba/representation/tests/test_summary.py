"""The summary of a consultation's answers: the selector's figures, its constant number of
queries, the page with its filters and access, and the export."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from conftest import lt
from lrba.members.models import Library
from lrba.members.tests.factories import LibraryFactory, MembershipFactory, PersonFactory
from lrba.members.tests.factories import municipality as municipality_of
from lrba.representation.models import Consultation, Question
from lrba.representation.selectors.summary import consultation_summary
from lrba.representation.tests.factories import (
    AnswerFactory,
    ChoiceFactory,
    ConsultationFactory,
    QuestionFactory,
    ResponseFactory,
)

pytestmark = pytest.mark.django_db


def member(name: str, code: str = "siauliu-miesto", kind: str = Library.Kind.MUNICIPAL_PUBLIC):
    library = LibraryFactory(name=name, municipality=municipality_of(code), kind=kind)
    MembershipFactory(library=library)
    return library


@pytest.fixture
def world():
    """A consultation with a question of every kind; four member libraries in two
    counties (Šiauliai and Kaunas), three of which answered."""
    consultation = ConsultationFactory()
    single = QuestionFactory(consultation=consultation, kind=Question.Kind.SINGLE, position=1)
    yes = ChoiceFactory(question=single, text="Pritariame", position=1)
    no = ChoiceFactory(question=single, text="Nepritariame", position=2)
    multiple = QuestionFactory(consultation=consultation, kind=Question.Kind.MULTIPLE, position=2)
    reading = ChoiceFactory(question=multiple, text="Skaitymo skatinimas", position=1)
    digital = ChoiceFactory(question=multiple, text="Skaitmeninis raštingumas", position=2)
    scale = QuestionFactory(
        consultation=consultation,
        kind=Question.Kind.SCALE,
        position=3,
        scale_min=1,
        scale_max=5,
        scale_max_label="labai svarbu",
    )
    text = QuestionFactory(consultation=consultation, kind=Question.Kind.TEXT, position=4)
    zarasai = member("Žiežmarių biblioteka", "siauliu-miesto")
    akmene = member("Akmenės biblioteka", "akmenes-rajono")
    kaunas = member("Čekiškės biblioteka", "kauno-miesto", kind=Library.Kind.SCHOOL)
    silent = member("Šilutės biblioteka", "kauno-miesto")
    LibraryFactory(name="Ne narė")  # not a member: neither asked nor counted
    answers = {
        zarasai: (yes, [reading, digital], 5, "Siūlome pakeisti 3 straipsnį."),
        akmene: (yes, [reading], 4, "Pritariame be pastabų."),
        kaunas: (no, [digital], 2, ""),
    }
    for library, (one, several, value, words) in answers.items():
        response = ResponseFactory(consultation=consultation, library=library)
        AnswerFactory(response=response, question=single, text="", choices=[one])
        AnswerFactory(response=response, question=multiple, text="", choices=several)
        AnswerFactory(response=response, question=scale, text="", scale_value=value)
        AnswerFactory(response=response, question=text, text=words)
    return {
        "consultation": consultation,
        "questions": [single, multiple, scale, text],
        "choices": {"yes": yes, "no": no, "reading": reading, "digital": digital},
        "silent": silent,
    }


def test_summary_counts_the_member_libraries_asked_and_answered(world):
    summary = consultation_summary(world["consultation"])
    assert (summary.invited_libraries, summary.answered_libraries) == (4, 3)
    assert summary.answered_share == Decimal("0.75")
    assert [(c.name, c.invited, c.answered) for c in summary.counties] == [
        ("Kauno apskritis", 2, 1),
        ("Šiaulių apskritis", 2, 2),
    ]
    assert [library.name for library in summary.not_answered] == ["Šilutės biblioteka"]


def test_single_choices_are_counted_with_their_share_of_respondents(world):
    single = consultation_summary(world["consultation"]).questions[0]
    assert single.respondents == 3
    assert [(f.choice.text, f.count, f.share) for f in single.choices] == [
        ("Pritariame", 2, Decimal("0.6667")),
        ("Nepritariame", 1, Decimal("0.3333")),
    ]
    assert [bar.value for bar in single.chart.bars] == [2, 1]


def test_several_choices_share_respondents_so_shares_may_pass_one_whole(world):
    multiple = consultation_summary(world["consultation"]).questions[1]
    assert multiple.respondents == 3
    assert [(f.count, f.share) for f in multiple.choices] == [
        (2, Decimal("0.6667")),
        (2, Decimal("0.6667")),
    ]


def test_a_scale_has_its_distribution_mean_and_median(world):
    scale = consultation_summary(world["consultation"]).questions[2]
    assert scale.distribution == [(1, 0), (2, 1), (3, 0), (4, 1), (5, 1)]
    assert scale.mean == Decimal("3.67")
    assert scale.median == Decimal("4")
    assert scale.chart.bars[-1].label == "5 (labai svarbu)"


def test_quotes_name_the_library_and_county_in_lithuanian_order(world):
    text = consultation_summary(world["consultation"]).questions[3]
    # Empty answers are no quotes; "Ž" sorts after "A" (a code-point order would agree
    # here, so Č below is the telling case in the not-answered test).
    assert [(q.member, q.county, q.text) for q in text.quotes] == [
        ("Akmenės biblioteka", "Šiaulių apskritis", "Pritariame be pastabų."),
        ("Žiežmarių biblioteka", "Šiaulių apskritis", "Siūlome pakeisti 3 straipsnį."),
    ]
    assert text.respondents == 2


def test_libraries_that_have_not_answered_are_in_lithuanian_order():
    consultation = ConsultationFactory()
    for name in ("Zarasų biblioteka", "Čiobiškio biblioteka", "Cirkliškio biblioteka"):
        member(name)
    summary = consultation_summary(consultation)
    # Lithuanian: C < Č < … < Z; code-point order would put Č after Z.
    assert [library.name for library in summary.not_answered] == [
        "Cirkliškio biblioteka",
        "Čiobiškio biblioteka",
        "Zarasų biblioteka",
    ]


def test_the_county_filter_narrows_both_the_asked_and_the_answers(world):
    summary = consultation_summary(world["consultation"], county="kauno")
    assert (summary.invited_libraries, summary.answered_libraries) == (2, 1)
    assert [(f.choice.text, f.count) for f in summary.questions[0].choices] == [
        ("Pritariame", 0),
        ("Nepritariame", 1),
    ]
    assert summary.questions[3].quotes == []


def test_the_library_kind_filter_counts_only_libraries_of_that_kind(world):
    summary = consultation_summary(world["consultation"], library_kind=Library.Kind.SCHOOL)
    assert (summary.invited_libraries, summary.answered_libraries) == (1, 1)
    assert summary.questions[2].distribution[1] == (2, 1)
    assert summary.questions[2].respondents == 1


def test_individual_members_are_asked_when_the_consultation_asks_them(world):
    consultation = world["consultation"]
    consultation.individuals_answer = True
    consultation.save()
    person = PersonFactory(first_name="Ona", last_name="Onaitė")
    MembershipFactory(person=person, library=None)
    MembershipFactory(person=PersonFactory(), library=None)
    response = ResponseFactory(consultation=consultation, library=None, person=person)
    AnswerFactory(response=response, question=world["questions"][3], text="Asmeninė nuomonė.")
    summary = consultation_summary(consultation)
    assert (summary.invited_individuals, summary.answered_individuals) == (2, 1)
    quote = next(q for q in summary.questions[3].quotes if not q.is_library)
    assert (quote.member, quote.county) == ("Ona Onaitė", "")
    # A county filter is about libraries: the individual members are left out.
    filtered = consultation_summary(consultation, county="siauliu")
    assert (filtered.invited_individuals, filtered.answered_individuals) == (0, 0)


def test_the_summary_runs_the_same_queries_for_more_answers(world, django_assert_max_num_queries):
    consultation = world["consultation"]
    single, multiple, scale, text = world["questions"]
    for n in range(30):
        library = member(f"Papildoma {n} biblioteka", "utenos-rajono")
        response = ResponseFactory(consultation=consultation, library=library)
        AnswerFactory(response=response, question=single, choices=[world["choices"]["no"]])
        AnswerFactory(response=response, question=multiple, choices=[world["choices"]["digital"]])
        AnswerFactory(response=response, question=scale, text="", scale_value=3)
        AnswerFactory(response=response, question=text, text=f"Pastaba {n}")
    with django_assert_max_num_queries(9):
        summary = consultation_summary(consultation, county="utenos")
    assert summary.answered_libraries == 30
    with django_assert_max_num_queries(9):
        summary = consultation_summary(consultation)
    assert summary.answered_libraries == 33
    assert len(summary.questions[3].quotes) == 32


# The page ---------------------------------------------------------------------------------


def summary_url(consultation: Consultation) -> str:
    return reverse("representation:consultation_summary", args=[consultation.pk])


def test_the_secretariat_sees_the_summary_with_charts_quotes_and_who_is_missing(
    world, staff_client
):
    response = staff_client.get(summary_url(world["consultation"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="bar-chart"' in page
    assert "Siūlome pakeisti 3 straipsnį." in page
    assert "Šilutės biblioteka" in page  # has not answered
    assert lt("Member libraries that have not answered yet") in page


def test_the_page_filters_by_county(world, staff_client):
    response = staff_client.get(summary_url(world["consultation"]), {"county": "kauno"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Siūlome pakeisti 3 straipsnį." not in page
    assert response.context["summary"].invited_libraries == 2
    assert "atsakymai.xlsx?county=kauno" in page


def test_an_unknown_filter_value_shows_everything_with_an_error(world, staff_client):
    response = staff_client.get(summary_url(world["consultation"]), {"county": "marsas"})
    assert response.status_code == 200
    assert response.context["summary"].invited_libraries == 4
    assert response.context["form"].errors["county"]


def test_the_auditor_reads_the_summary(world, client_for, auditor):
    response = client_for(auditor).get(summary_url(world["consultation"]))
    assert response.status_code == 200


def test_a_member_may_not_see_the_summary(world, client_for, alice):
    assert client_for(alice).get(summary_url(world["consultation"])).status_code == 403


def test_an_anonymous_visitor_may_not_see_the_summary(world, client):
    response = client.get(summary_url(world["consultation"]))
    assert response.status_code in (302, 403)
    assert "Siūlome" not in response.content.decode()


def test_an_unknown_consultation_is_not_found(staff_client):
    response = staff_client.get(reverse("representation:consultation_summary", args=[999999]))
    assert response.status_code == 404


# The export -------------------------------------------------------------------------------


def export_url(consultation: Consultation, fmt: str) -> str:
    return reverse("representation:consultation_export", args=[consultation.pk, fmt])


def test_the_xlsx_has_a_summary_and_a_row_per_response(world, staff_client):
    response = staff_client.get(export_url(world["consultation"], "xlsx"))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    summary, responses = workbook.worksheets
    labels = [row[0] for row in summary.iter_rows(values_only=True)]
    assert lt("Member libraries answered") in labels
    rows = list(responses.iter_rows(values_only=True))
    assert rows[0][5].startswith("1. ")
    assert len(rows) == 4  # the header and three responses
    first = rows[1]
    assert first[0] == "Akmenės biblioteka"
    assert first[5:] == ("Pritariame", "Skaitymo skatinimas", 4, "Pritariame be pastabų.")
    zarasai = rows[3]
    assert zarasai[6] == "Skaitymo skatinimas; Skaitmeninis raštingumas"


def test_the_csv_neutralises_a_formula_typed_as_an_answer(world, staff_client):
    consultation = world["consultation"]
    text = world["questions"][3]
    library = member("Formulių biblioteka")
    response = ResponseFactory(consultation=consultation, library=library)
    AnswerFactory(response=response, question=text, text='=HYPERLINK("http://x","y")')
    download = staff_client.get(export_url(consultation, "csv"))
    assert download.status_code == 200
    content = download.content.decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(content)) for cell in row]
    assert '\'=HYPERLINK("http://x","y")' in cells
    assert '=HYPERLINK("http://x","y")' not in cells


def test_the_export_follows_the_filters(world, staff_client):
    download = staff_client.get(export_url(world["consultation"], "csv"), {"county": "kauno"})
    content = download.content.decode("utf-8-sig")
    assert "Čekiškės biblioteka" in content
    assert "Akmenės biblioteka" not in content


def test_an_unknown_export_format_is_not_found(world, staff_client):
    assert staff_client.get(export_url(world["consultation"], "pdf")).status_code == 404


def test_a_member_may_not_export_the_answers(world, client_for, alice):
    response = client_for(alice).get(export_url(world["consultation"], "csv"))
    assert response.status_code == 403


def test_quotes_are_escaped_and_keep_their_line_breaks(world, staff_client):
    consultation = world["consultation"]
    library = member("Žymių biblioteka")
    response = ResponseFactory(consultation=consultation, library=library)
    AnswerFactory(
        response=response, question=world["questions"][3], text="<script>x()</script>\nAntra"
    )
    page = staff_client.get(summary_url(consultation)).content.decode()
    assert "<script>x()</script>" not in page
    assert "&lt;script&gt;x()&lt;/script&gt;<br>Antra" in page
    assert f"{lt('Library:')} Žymių biblioteka" in page


def _many_quotes(world, count: int):
    """`count` more member libraries of Šiauliai answering the free-text question."""
    consultation, text = world["consultation"], world["questions"][3]
    for n in range(count):
        library = member(f"Biblioteka {n:02d}")
        response = ResponseFactory(consultation=consultation, library=library)
        AnswerFactory(response=response, question=text, text=f"Pastaba numeris {n:02d}")
    return consultation, text


def test_the_summary_shows_the_first_quotes_and_links_to_all_of_them(world, staff_client):
    from lrba.representation.views.summary import QUOTES_SHOWN

    consultation, text = _many_quotes(world, QUOTES_SHOWN + 5)
    url = reverse("representation:consultation_summary", args=[consultation.pk])

    page = staff_client.get(url, {"county": "siauliu"}).content.decode()

    assert page.count("<blockquote>") == QUOTES_SHOWN
    quotes_url = reverse("representation:consultation_quotes", args=[consultation.pk, text.pk])
    assert f"{quotes_url}?county=siauliu" in page


def test_the_question_page_lists_every_quote_a_page_at_a_time_with_the_filters(world, staff_client):
    from lrba.representation.views.summary import QUOTES_PER_PAGE

    consultation, text = _many_quotes(world, QUOTES_PER_PAGE + 3)
    url = reverse("representation:consultation_quotes", args=[consultation.pk, text.pk])

    first = staff_client.get(url).content.decode()
    second = staff_client.get(url, {"page": 2}).content.decode()
    kaunas = staff_client.get(url, {"county": "kauno"}).content.decode()

    assert first.count("<blockquote>") == QUOTES_PER_PAGE
    # 53 new ones and the two of the world: the last five on the second page.
    assert second.count("<blockquote>") == 5
    assert "Pastaba numeris" not in kaunas and "Siūlome pakeisti" not in kaunas


def test_the_question_page_is_for_those_who_read_the_answers(world, client_for, alice, auditor):
    consultation, text = world["consultation"], world["questions"][3]
    url = reverse("representation:consultation_quotes", args=[consultation.pk, text.pk])
    other = QuestionFactory(kind=Question.Kind.TEXT)

    assert client_for(alice).get(url).status_code == 403
    assert client_for(auditor).get(url).status_code == 200
    wrong = reverse("representation:consultation_quotes", args=[consultation.pk, other.pk])
    assert client_for(auditor).get(wrong).status_code == 404
