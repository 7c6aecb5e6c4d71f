"""The partnership's priority framework: priorities, themes, wards and partners."""
