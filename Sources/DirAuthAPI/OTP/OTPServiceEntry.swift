// SPDX-License-Identifier: Apache-2.0
// ungleich-otp.md §3/§7 and issue 4: list entries carry `id`, `name`, `realm`; create and rotate
// also return `seed` (shown once). ungleich 0.6 never sent `id`; dirauth sends the entryUUID.

/// One OTP entry as the ungleich-otp API returns it.
public struct OTPServiceEntry: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The entry's id (dirauth: its entryUUID), when the server says it.
    public var id: String?
    /// The name.
    public var name: String
    /// The realm.
    public var realm: String
    /// The base32 seed, only in answers to create and rotate.
    public var seed: String?

    /// Creates an entry.
    /// - Parameters:
    ///   - id: The id.
    ///   - name: The name.
    ///   - realm: The realm.
    ///   - seed: The seed, if shown.
    public init(id: String?, name: String, realm: String, seed: String?) {
        self.id = id
        self.name = name
        self.realm = realm
        self.seed = seed
    }

    /// Decodes an entry; a numeric `id` (ungleich's primary key) is read as text.
    /// - Parameter decoder: The decoder.
    /// - Throws: `DecodingError` when `name` or `realm` is missing.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let text = try? container.decodeIfPresent(String.self, forKey: .id) {
            id = text
        } else if let number = try? container.decodeIfPresent(Int.self, forKey: .id) {
            id = String(number)
        } else {
            id = nil
        }
        name = try container.decode(String.self, forKey: .name)
        realm = try container.decode(String.self, forKey: .realm)
        seed = try container.decodeIfPresent(String.self, forKey: .seed)
    }

    /// `name@realm (id …)`, without the seed.
    public var description: String {
        "\(name)@\(realm)" + (id.map { " (id \($0))" } ?? "")
    }

    enum CodingKeys: String, CodingKey {
        case id, name, realm, seed
    }
}
