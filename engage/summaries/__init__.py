"""Summaries: what people told us, about which priorities, how they feel, where, who we heard
from and who we missed, and what is new. Read-only pages, exports, a report and a JSON API.

Split by idea: filters, framework (the current plan as summaries read it), sql (engine
spellings, safety rule, effective tags), suppression (pure), consultation, priorities, emerging,
followup, quotes, voices, charts, exports, schemas/api, controllers.
"""
