// placeholder to keep the library non-empty until the pages land
