"""Meetings and feedback: what officers hear at Community Gold, ward meetings, JAGs and events,
the actions agreed, and the outcomes reported back ("you said, we did")."""
