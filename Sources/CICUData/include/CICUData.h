// CICUData has no interface: it only defines ICU's data symbol for the linker (see icudata.S).
