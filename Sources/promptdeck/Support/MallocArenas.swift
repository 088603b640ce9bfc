#if canImport(Glibc)
    import Glibc

    /// glibc's malloc gives each thread that allocates its own arena, and an arena keeps what its thread freed.
    /// The playground's threads (the loop, each stream, the history writer) each kept a few MB that way: with
    /// one arena the playground's peak RSS after a 100,000-chunk stream fell from 41.3 to 38.6 MiB
    /// (`scripts/bench`), at the same CPU; each thread's tcache still serves small allocations without a lock,
    /// and a 4-variant compare took the same CPU. The same as `MALLOC_ARENA_MAX=1`; a user who sets that
    /// variable (or `GLIBC_TUNABLES=glibc.malloc.arena_max=N`) keeps their own value.
    enum MallocArenas {
        /// Call first thing in `main`, before any thread starts. `mallopt` is not in Swift's Glibc module
        /// (malloc.h is not part of it), so it is looked up by name.
        static func useOne() {
            typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
            if getenv("MALLOC_ARENA_MAX") != nil { return }
            if let tunables = getenv("GLIBC_TUNABLES"), String(cString: tunables).contains("arena_max") { return }
            guard let symbol = dlsym(nil, "mallopt") else { return }
            let mArenaMax: Int32 = -8  // M_ARENA_MAX in <malloc.h>
            _ = unsafeBitCast(symbol, to: Mallopt.self)(mArenaMax, 1)
        }
    }
#endif
