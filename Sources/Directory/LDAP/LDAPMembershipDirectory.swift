public import LDAPClient
public import Logging

/// Memberships from `groupOfNames` groups, through the `memberOf` attribute that
/// slapd's `dynlist` overlay computes at read time.
///
/// A person's `memberOf` values name their groups (under the group base) and realms
/// (under the realm base). Nested groups are followed through the groups' own
/// `memberOf`, breadth first, up to `nestingDepth` levels, remembering visited groups
/// so cycles end. A realm's capabilities are the capability groups (under the
/// capability base) its realm group is a member of, nested the same way.
public struct LDAPMembershipDirectory: MembershipDirectory {
    let client: LDAPClient
    let layout: DirectoryLayout
    let nestingDepth: Int
    let logger: Logger

    /// Creates the adapter.
    /// - Parameters:
    ///   - client: The LDAP connection pool.
    ///   - layout: Where groups, realms and capabilities live.
    ///   - nestingDepth: How many levels of groups-in-groups are followed (0: direct only).
    ///   - logger: For diagnostics.
    public init(client: LDAPClient, layout: DirectoryLayout, nestingDepth: Int, logger: Logger) {
        self.client = client
        self.layout = layout
        self.nestingDepth = nestingDepth
        self.logger = logger
    }

    public func memberships(ofUser username: String) async throws -> Memberships? {
        guard !username.isEmpty else { return nil }
        let entries = try await directoryOperation {
            try await client.search(
                base: layout.peopleBase,
                filter: .equal(layout.userAttribute, username),
                attributes: ["memberOf"],
                sizeLimit: 2
            )
        }
        guard entries.count == 1, let entry = entries.first else { return nil }
        let groupDNs = try await closure(of: entry.strings("memberOf"))
        var groups: [String] = []
        var realms: [String] = []
        for dn in groupDNs {
            guard let name = DistinguishedName.firstValue(of: dn) else { continue }
            if DistinguishedName.dn(dn, isChildOf: layout.groupBase) {
                groups.append(name)
            } else if DistinguishedName.dn(dn, isChildOf: layout.realmBase) {
                realms.append(name)
            }
        }
        return Memberships(groups: groups, realms: realms)
    }

    public func capabilities(ofRealm realm: String) async throws -> Set<Capability> {
        guard !realm.isEmpty else { return [] }
        let realmDN = LDAPDistinguishedName.dn([LDAPDistinguishedName.rdn("cn", realm)], parent: layout.realmBase)
        let direct: [String]
        do {
            direct = try await memberOf(realmDN)
        } catch let error as DirectoryError where error.kind == .notFound {
            return []
        }
        var capabilities: Set<Capability> = []
        for dn in try await closure(of: direct) where DistinguishedName.dn(dn, isChildOf: layout.capabilityBase) {
            if let name = DistinguishedName.firstValue(of: dn), let capability = Capability(rawValue: name.lowercased()) {
                capabilities.insert(capability)
            }
        }
        return capabilities
    }

    /// `start` plus every group reachable through `memberOf` within the nesting depth.
    func closure(of start: [String]) async throws -> [String] {
        var seen = Set(start.map { $0.lowercased() })
        var result = start
        var frontier = start
        var depth = 0
        while depth < nestingDepth, !frontier.isEmpty {
            var next: [String] = []
            for dn in frontier {
                let parents: [String]
                do {
                    parents = try await memberOf(dn)
                } catch let error as DirectoryError where error.kind == .notFound {
                    continue
                }
                for parent in parents where seen.insert(parent.lowercased()).inserted {
                    result.append(parent)
                    next.append(parent)
                }
            }
            frontier = next
            depth += 1
        }
        return result
    }

    private func memberOf(_ dn: String) async throws -> [String] {
        let entries = try await directoryOperation {
            try await client.search(base: dn, scope: .base, attributes: ["memberOf"])
        }
        return entries.first?.strings("memberOf") ?? []
    }
}
