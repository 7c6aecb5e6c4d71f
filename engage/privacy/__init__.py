"""UK GDPR duties for the people in engage: retention, erasure on request, subject access."""
