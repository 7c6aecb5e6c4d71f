"""The pages that help a consultation reach everyone: translations, Easy Read, paper and telephone."""

from surveys.easy_read_pages import EasyReadController, easy_read_image
from surveys.paper_pages import PaperController
from surveys.translation_pages import TranslationController

reach_handlers = [TranslationController, PaperController, EasyReadController, easy_read_image]
