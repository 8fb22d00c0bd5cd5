import logging

from lrba.core.logfilters import FontSubsetNoticeFilter


def record(name: str, msg: str, level: int = logging.WARNING) -> logging.LogRecord:
    return logging.LogRecord(name, level, __file__, 1, msg, ("DejaVu Sans",), None)


def test_weasyprints_font_subsetting_notice_is_dropped():
    notice = record(
        "weasyprint",
        'Using fontTools instead of HarfBuzz-Subset for font "%s". This will be unsupported',
    )

    assert FontSubsetNoticeFilter().filter(notice) is False


def test_other_weasyprint_warnings_and_other_loggers_pass():
    assert FontSubsetNoticeFilter().filter(record("weasyprint", "Failed to load image at %s"))
    assert FontSubsetNoticeFilter().filter(
        record("django.request", "Using fontTools instead of HarfBuzz-Subset")
    )
