#if canImport(Glibc)
    import CMalloc
#endif

/// How the process asks the C allocator to give memory back. glibc raises its mmap threshold (up to
/// 32 MiB) each time a large block is freed; after that, the big arrays of a large audit come from the
/// heap, and their pages stay with the process once freed, so the peak grows with every stage. A fixed
/// threshold keeps each big array in a mapping of its own, returned to the system when it is freed.
public enum MemoryPolicy {
    /// Blocks at least this large get mappings of their own.
    static let mappingThreshold: Int32 = 1 << 20

    /// Call once, first thing in `main`.
    public static func apply() {
        #if canImport(Glibc)
            _ = mallopt(M_MMAP_THRESHOLD, mappingThreshold)
        #endif
    }

    /// Hands freed heap pages back to the system after a stage that let go of much.
    public static func returnFreedPages() {
        #if canImport(Glibc)
            _ = malloc_trim(0)
        #endif
    }

    /// Counts memory let go piece by piece (the slots of a large array of arrays, each below the mapping
    /// threshold, so on the heap) and hands the freed pages back every `step` bytes: a stage that moves
    /// findings from many small arrays into one mapped array then holds about one copy of them, not two.
    struct Release {
        private var pending = 0
        private let step: Int

        /// Hands pages back each time `step` bytes more were let go.
        init(step: Int = 64 << 20) { self.step = step }

        /// Notes that `bytes` were let go.
        mutating func freed(_ bytes: Int) {
            pending += bytes
            guard pending >= step else { return }
            pending = 0
            MemoryPolicy.returnFreedPages()
        }
    }
}
