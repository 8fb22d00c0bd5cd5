from lrba.website.text import plain_text_to_html, text_blocks


def test_paragraphs_are_split_on_blank_lines_and_joined_within():
    assert text_blocks("First line\nsame paragraph.\n\nSecond.") == [
        ("p", ["First line same paragraph."], 1),
        ("p", ["Second."], 1),
    ]


def test_numbered_and_bulleted_lines_become_lists():
    text = "Goals:\n\n 1. One.\n 2. Two,\n\nHow:\n • A\n - B\n– C"

    assert plain_text_to_html(text) == (
        "<p>Goals:</p>\n<ol><li>One.</li><li>Two,</li></ol>\n"
        "<p>How:</p>\n<ul><li>A</li><li>B</li><li>C</li></ul>"
    )


def test_a_numbered_list_keeps_its_first_number():
    assert (
        plain_text_to_html("3. Three\n4) Four") == '<ol start="3"><li>Three</li><li>Four</li></ol>'
    )


def test_a_year_at_the_start_of_a_line_is_not_a_list_item():
    assert plain_text_to_html("2012 m. įkurta asociacija") == "<p>2012 m. įkurta asociacija</p>"


def test_markup_is_escaped():
    html = plain_text_to_html('<script>alert("x")</script>\n• <b>bold</b>')

    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html and "<li>&lt;b&gt;bold&lt;/b&gt;</li>" in html


def test_empty_text_gives_nothing():
    assert plain_text_to_html("") == ""
    assert plain_text_to_html("\n\n  \n") == ""
