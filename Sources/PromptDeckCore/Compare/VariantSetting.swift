/// One effective setting of a run, as shown in headers: `model`, `profile`, `version` or a parameter, with its value.
public struct VariantSetting: Sendable, Equatable, Hashable {
    public var key: String
    /// The value as text (JSON for parameters; `unset` when a run lacks a key another has).
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }

    /// Shown for a key one run has and another lacks.
    public static let unsetValue = "unset"

    /// A run's settings: model, profile, its version (`version`, else the record's version number, when
    /// known), then its body parameters by name (`stream` left out).
    public static func settings(of record: RunRecord, version: String? = nil) -> [VariantSetting] {
        var settings = [
            VariantSetting(key: "model", value: record.model),
            VariantSetting(key: "profile", value: record.profileName),
        ]
        if let version = version ?? record.versionNumber.map(String.init) {
            settings.append(VariantSetting(key: "version", value: version))
        }
        let parameters = record.parameters.objectValue ?? [:]
        for name in parameters.keys.sorted() where name != "stream" {
            guard let value = parameters[name] else { continue }
            settings.append(VariantSetting(key: name, value: value.stringValue ?? value.serialized()))
        }
        return settings
    }

    /// The settings of `settings` that differ from `base` (keys only `base` has show as `unset`), in
    /// the order model, profile, then parameters by name.
    public static func differences(_ settings: [VariantSetting], from base: [VariantSetting]) -> [VariantSetting] {
        let mine = Dictionary(settings.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
        let theirs = Dictionary(base.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
        return orderedKeys(Set(mine.keys).union(theirs.keys)).compactMap { key in
            let value = mine[key] ?? unsetValue
            return value == (theirs[key] ?? unsetValue) ? nil : VariantSetting(key: key, value: value)
        }
    }

    /// The keys whose values are not the same in every one of `runs`.
    public static func varyingKeys(_ runs: [[VariantSetting]]) -> [String] {
        let maps = runs.map { Dictionary($0.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last }) }
        let keys = maps.reduce(into: Set<String>()) { $0.formUnion($1.keys) }
        return orderedKeys(keys).filter { key in Set(maps.map { $0[key] ?? unsetValue }).count > 1 }
    }

    /// The settings of `settings` for `keys`, in that order (`unset` for a missing key).
    public static func values(of settings: [VariantSetting], for keys: [String]) -> [VariantSetting] {
        keys.map { key in settings.first { $0.key == key } ?? VariantSetting(key: key, value: unsetValue) }
    }

    static func orderedKeys(_ keys: Set<String>) -> [String] {
        let special = ["model", "profile", "version"].filter(keys.contains)
        return special + keys.subtracting(special).sorted()
    }
}

extension Array where Element == VariantSetting {
    /// `temperature=0.5 top_p=1`
    public var text: String { map { "\($0.key)=\($0.value)" }.joined(separator: " ") }
}
