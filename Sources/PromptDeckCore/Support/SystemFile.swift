#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// `open(2)` by its C name (Foundation's `open` overloads hide it), for files made with an exact mode.
enum SystemFile {
    static func open(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
        #if canImport(Glibc)
            Glibc.open(path, flags, mode)
        #else
            Darwin.open(path, flags, mode)
        #endif
    }
}
