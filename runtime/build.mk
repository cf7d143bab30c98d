# cVM runtime (crt start, hostcall stubs): built with ivcc.
