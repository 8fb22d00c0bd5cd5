"""The official EN 16931 rules (CEN/TC 434, UBL syntax) run over a document in tests.

The rules ship as XSLT 2.0 (`../shared/samples/ubl/validation/`), which lxml's XSLT 1.0
cannot run: Saxon (saxonche, a dev dependency) does. The stylesheet is 900 KB and takes
about a second to compile, so it is compiled once per process and reused. Its output is
SVRL; a `failed-assert` with flag "fatal" is a rule the document breaks ("warning" ones
are advice and do not make a document invalid).
"""

import functools

from lxml import etree

from lrba.core.tests.samples import SAMPLES_DIR

SAMPLES = SAMPLES_DIR / "ubl"
VALIDATION_XSLT = SAMPLES / "validation" / "EN16931-UBL-validation.xslt"
SVRL = "{http://purl.oclc.org/dsdl/svrl}"


@functools.cache
def _validator():  # -> (PySaxonProcessor, PyXsltExecutable)
    from saxonche import PySaxonProcessor

    processor = PySaxonProcessor(license=False)
    compiler = processor.new_xslt30_processor()
    executable = compiler.compile_stylesheet(stylesheet_file=str(VALIDATION_XSLT))
    if executable is None:  # pragma: no cover - a broken checkout of the samples
        raise RuntimeError(f"Cannot compile {VALIDATION_XSLT}: {compiler.error_message}")
    return processor, executable


def en16931_report(xml: bytes) -> etree._Element:
    """The SVRL report of the EN 16931 rules over `xml` (a UBL Invoice or CreditNote)."""
    processor, executable = _validator()
    document = processor.parse_xml(xml_text=xml.decode("utf-8"))
    report = executable.transform_to_string(xdm_node=document)
    return etree.fromstring(report.encode("utf-8"))


def en16931_fatal_errors(xml: bytes) -> list[str]:
    """Every fatal rule `xml` breaks, as "BR-XX: text (location)"; empty when it passes."""
    errors = []
    for failed in en16931_report(xml).iter(f"{SVRL}failed-assert"):
        if failed.get("flag", "fatal") != "fatal":
            continue
        text = " ".join("".join(failed.itertext()).split())
        errors.append(f"{failed.get('id', '?')}: {text} ({failed.get('location', '')})")
    return errors
