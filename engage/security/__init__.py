"""Second factors and other account-security measures (ASVS level 2)."""
