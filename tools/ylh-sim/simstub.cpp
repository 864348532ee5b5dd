// placeholder to keep the library non-empty until the simulator lands
