"""The web shell: templating, security headers, errors, health and the home page."""
