"""The website's pages and documents are the association's, not a person's; this module
says so for the fields that look personal (see lrba.accounts.privacy.declarations)."""

from typing import Any

TABLES: tuple = ()

NOT_EXPORTED = {
    "Page.body": "the association's published page",
    "Page.body_en": "as Page.body",
    "Document.description": "the description of the association's document",
    "Document.created_by": "the staff member who uploaded the document",
    "Page.position": "the page's place among its siblings, not a job",
    "Page.updated_by": "the staff member who last edited the association's page",
    "PageImage.alt_text": "what the association's picture shows",
    "PageImage.alt_text_en": "as PageImage.alt_text",
    "PageImage.position": "the picture's place in the gallery, not a job",
    "MenuItem.position": "the link's place in the menu, not a job",
    "Tag.name": "a news tag",
    "Tag.name_en": "as Tag.name",
    "Partner.name": "an organisation's name",
    "Partner.name_en": "as Partner.name",
    "Partner.description": "the association's cooperation with the organisation",
    "Partner.description_en": "as Partner.description",
    "Partner.position": "the partner's place on the page, not a job",
    "Project.description": "the association's published project",
    "Project.description_en": "as Project.description",
    "Project.results": "the project's published results",
    "Project.results_en": "as Project.results",
    "ProjectImage.alt_text": "what the project's picture shows",
    "ProjectImage.alt_text_en": "as ProjectImage.alt_text",
    "ProjectImage.position": "the picture's place in the gallery, not a job",
    "NewsItem.body": "the association's published news",
    "NewsItem.body_en": "as NewsItem.body",
    "NewsItem.author": "the staff member who wrote the association's news",
    "NewsImage.alt_text": "what the news picture shows",
    "NewsImage.alt_text_en": "as NewsImage.alt_text",
    "NewsImage.position": "the picture's place in the gallery, not a job",
}


def erase(erasure: Any) -> None:
    """Nothing to erase."""
