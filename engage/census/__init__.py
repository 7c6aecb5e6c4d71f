"""Census 2021 population figures for the partnership's wards, imported from ONS/Nomis bulk CSV files."""
