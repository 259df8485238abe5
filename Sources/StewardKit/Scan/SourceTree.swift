import Foundation
import StewardCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The source files under the paths a scan is given, found the way a repository's own tools would: `.gitignore`
/// honoured, vendored and build folders skipped, symbolic links not followed (so a link loop cannot trap the
/// walk), and every file or folder left out counted by why.
public struct SourceTree: Sendable {
    /// A file to read.
    public struct File: Sendable {
        /// The path as reports show it (relative to the root when inside it).
        public var path: String
        /// The path to open.
        public var absolutePath: String
        /// Its language.
        public var language: ScanLanguage
        /// Its size in bytes.
        public var size: Int
    }

    /// Why files were left out, and how many.
    public struct Skipped: Sendable, Equatable {
        /// Matched by a `.gitignore`.
        public var ignored = 0
        /// Vendored, generated or build folders (node_modules, vendor, Pods, .build…).
        public var vendoredFolders = 0
        /// Symbolic links, which are not followed.
        public var symlinks = 0
        /// Folders deeper than the limit.
        public var tooDeep = 0
        /// Files or folders that could not be opened.
        public var unreadable = 0
        /// Files over the size limit.
        public var tooLarge = 0
        /// Files with NUL bytes: not text.
        public var binary = 0
        /// Files that are not UTF-8.
        public var invalidUTF8 = 0
        /// Minified bundles (`.min.js`, or very long lines).
        public var minified = 0

        /// Every count, by what it means.
        public var labelled: [(label: String, count: Int)] {
            [
                ("ignored by .gitignore", ignored), ("vendored or build folders", vendoredFolders), ("symbolic links", symlinks),
                ("folders too deep", tooDeep), ("unreadable", unreadable), ("too large", tooLarge), ("binary", binary),
                ("not UTF-8", invalidUTF8), ("minified", minified),
            ].filter { $0.1 > 0 }
        }
    }

    /// Folders never walked into: dependencies, build output, tool caches.
    public static let skippedFolders: Set<String> = [
        ".git", ".hg", ".svn", "node_modules", "bower_components", "vendor", "Pods", "Carthage", ".build", "build", "dist",
        "target", "__pycache__", ".venv", "venv", ".tox", ".mypy_cache", "third_party", "DerivedData", ".gradle",
        ".next", ".nuxt", ".svelte-kit", "coverage", ".dart_tool", ".steward", ".idea", ".terraform",
    ]

    /// The deepest folder walked into.
    public static let maximumDepth = 64

    /// The files found, in path order.
    public private(set) var files: [File] = []
    /// What was left out.
    public var skipped = Skipped()
    /// Notes worth a line (an unreadable folder, a path that does not exist), at most a few.
    public private(set) var notes: [String] = []
    /// Files of other kinds (not a language the scan reads).
    public private(set) var otherFiles = 0

    /// The root paths are shown relative to.
    public let root: String
    /// The largest file read, in bytes.
    public let maximumFileSize: Int

    /// Walks `paths` (files or folders; relative ones from the current folder), showing paths relative to `root`.
    public init(paths: [String], root: String, maximumFileSize: Int) throws(StewardError) {
        let here = FileManager.default.currentDirectoryPath
        self.root = Self.standardized(root.hasPrefix("/") ? root : here + "/" + root)
        self.maximumFileSize = maximumFileSize
        for path in paths {
            let absolute = Self.standardized(path.hasPrefix("/") ? path : here + "/" + path)
            var status = stat()
            guard stat(absolute, &status) == 0 else {
                throw StewardError(.usage, "cannot scan \(path): no such file or folder.")
            }
            let relative = relativePath(absolute)
            if (status.st_mode & S_IFMT) == S_IFDIR {
                walk(directory: absolute, relative: relative, ignores: ancestorsIgnores(of: absolute))
            } else if let language = ScanLanguage.of(fileName: (absolute as NSString).lastPathComponent) {
                // A file named on the command line is read whatever the ignore files say.
                files.append(File(path: relative, absolutePath: absolute, language: language, size: Int(status.st_size)))
            } else {
                otherFiles += 1
            }
        }
        var seen = Set<String>()
        files = files.filter { seen.insert($0.absolutePath).inserted }.sorted { $0.path < $1.path }
    }

    static func standardized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." { continue }
            if part == "..", !parts.isEmpty, parts.last != ".." {
                parts.removeLast()
                continue
            }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    private func relativePath(_ absolute: String) -> String {
        if absolute == root { return "" }
        let prefix = root == "/" ? "/" : root + "/"
        return absolute.hasPrefix(prefix) ? String(absolute.dropFirst(prefix.count)) : absolute
    }

    /// The `.gitignore` files between the root and a folder inside it, outermost first.
    private func ancestorsIgnores(of directory: String) -> [GitIgnore] {
        let relative = relativePath(directory)
        guard !relative.hasPrefix("/") else { return [] }
        var ignores: [GitIgnore] = []
        var current = root
        var base = ""
        let parts = relative.isEmpty ? [] : relative.split(separator: "/").map(String.init)
        for index in 0..<parts.count {
            if let ignore = Self.readIgnore(current, base: base) { ignores.append(ignore) }
            current += "/" + parts[index]
            base += parts[index] + "/"
        }
        return ignores
    }

    private static func readIgnore(_ directory: String, base: String) -> GitIgnore? {
        guard let data = FileManager.default.contents(atPath: directory + "/.gitignore"), data.count < 1_000_000 else { return nil }
        return GitIgnore(text: String(decoding: data, as: UTF8.self), base: base)
    }

    private mutating func note(_ text: String) {
        if notes.count < 10 { notes.append(text) }
    }

    /// Walks with an explicit stack, so depth costs no recursion.
    private mutating func walk(directory: String, relative: String, ignores: [GitIgnore]) {
        var stack: [(absolute: String, relative: String, depth: Int, ignores: [GitIgnore])] = [(directory, relative, 0, ignores)]
        while let (absolute, relative, depth, inherited) = stack.popLast() {
            guard depth <= Self.maximumDepth else {
                skipped.tooDeep += 1
                note("\(relative): more than \(Self.maximumDepth) folders deep; not scanned")
                continue
            }
            let base = relative.isEmpty ? "" : relative + "/"
            var ignores = inherited
            if let own = Self.readIgnore(absolute, base: base) { ignores.append(own) }
            guard let handle = opendir(absolute) else {
                skipped.unreadable += 1
                note("\(relative.isEmpty ? "." : relative): cannot be read (\(String(cString: strerror(errno))))")
                continue
            }
            var children: [(name: String, type: UInt8)] = []
            while let entry = readdir(handle) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
                }
                if name == "." || name == ".." { continue }
                children.append((name, entry.pointee.d_type))
            }
            closedir(handle)
            for (name, rawType) in children.sorted(by: { $0.name > $1.name }) {
                let childAbsolute = absolute + "/" + name
                let childRelative = base + name
                var type = rawType
                var size = -1
                if type == UInt8(DT_UNKNOWN) || type == UInt8(DT_REG) {
                    var status = stat()
                    guard lstat(childAbsolute, &status) == 0 else {
                        skipped.unreadable += 1
                        continue
                    }
                    let mode = status.st_mode & S_IFMT
                    type = mode == S_IFDIR ? UInt8(DT_DIR) : mode == S_IFLNK ? UInt8(DT_LNK) : mode == S_IFREG ? UInt8(DT_REG) : 0
                    size = Int(status.st_size)
                }
                if type == UInt8(DT_LNK) {
                    skipped.symlinks += 1
                    continue
                }
                let isDirectory = type == UInt8(DT_DIR)
                guard isDirectory || type == UInt8(DT_REG) else { continue }
                if Self.isIgnored(childRelative, name: name, isDirectory: isDirectory, by: ignores) {
                    skipped.ignored += 1
                    continue
                }
                if isDirectory {
                    if Self.skippedFolders.contains(name) {
                        skipped.vendoredFolders += 1
                    } else {
                        stack.append((childAbsolute, childRelative, depth + 1, ignores))
                    }
                    continue
                }
                guard let language = ScanLanguage.of(fileName: name) else {
                    otherFiles += 1
                    continue
                }
                if name.hasSuffix(".min.js") || name.hasSuffix(".bundle.js") || name.hasSuffix(".min.mjs") {
                    skipped.minified += 1
                    continue
                }
                files.append(File(path: childRelative, absolutePath: childAbsolute, language: language, size: size))
            }
        }
    }

    private static func isIgnored(_ path: String, name: String, isDirectory: Bool, by ignores: [GitIgnore]) -> Bool {
        for ignore in ignores.reversed() {
            if let decision = ignore.decision(path: path, name: name, isDirectory: isDirectory) { return decision }
        }
        return false
    }
}
