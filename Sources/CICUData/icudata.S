// ICU's data for release binaries: the subset scripts/icu-data writes (it says what is kept and why).
// Defining ICU's data symbol here keeps the toolchain's 34 MB package out of a static link; a dynamic
// Foundation (debug builds) keeps using its own, since its library does not export the symbol.
#if defined(__ELF__)
    .section .rodata.icudt76_dat,"a",@progbits
    .globl icudt76_dat
    .type icudt76_dat, @object
    .balign 16
icudt76_dat:
    .incbin PD_ICU_DATA_FILE
    .size icudt76_dat, . - icudt76_dat
    .section .note.GNU-stack,"",@progbits
#endif
