"""The pages that help a consultation reach everyone: translations, paper and telephone."""

from surveys.paper_pages import PaperController
from surveys.translation_pages import TranslationController

reach_handlers = [TranslationController, PaperController]
