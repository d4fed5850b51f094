// SPDX-License-Identifier: Apache-2.0

public import LDAPClient
public import Logging

/// Memberships from `groupOfNames` groups, read from the groups' stored `member` values.
///
/// Starting from a person (or a realm group), each level asks for the groups whose
/// `member` holds one of the previous level's DNs, up to `nestingDepth` levels of
/// groups-in-groups, remembering visited groups so cycles end. Groups under the group
/// base are the person's groups, those under the realm base their realms; a realm's
/// capabilities are the groups under the capability base reached from its realm group.
/// Capability groups are terminal for that question (what contains a capability group is
/// never itself a capability of the realm), so the walk does not ask who contains them:
/// a realm listed directly in its capability groups costs one search, a realm reached
/// through intermediate groups one more per level.
///
/// The stored values are read rather than `memberOf`: slapd's `dynlist` computes a
/// transitive `memberOf` (so no depth could be enforced), and Active Directory names
/// it differently; an equality filter on `member` means the same everywhere.
public struct LDAPMembershipDirectory: MembershipDirectory {
    let client: LDAPConnectionPool
    let layout: DirectoryLayout
    let nestingDepth: Int
    let logger: Logger

    /// Creates the adapter.
    /// - Parameters:
    ///   - client: The LDAP connection pool.
    ///   - layout: Where groups, realms and capabilities live.
    ///   - nestingDepth: How many levels of groups-in-groups are followed (0: direct only).
    ///   - logger: For diagnostics.
    public init(client: LDAPConnectionPool, layout: DirectoryLayout, nestingDepth: Int, logger: Logger) {
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
                attributes: [layout.userAttribute],
                sizeLimit: 2
            )
        }
        guard entries.count == 1, let entry = entries.first, layout.isExactUser(entry, username) else { return nil }
        var groups: [String] = []
        var realms: [String] = []
        for dn in try await groupDNs(containing: entry.dn) {
            guard let name = LDAPDistinguishedName.firstValue(of: dn) else { continue }
            if LDAPDistinguishedName.dn(dn, isChildOf: layout.groupBase) {
                groups.append(name)
            } else if LDAPDistinguishedName.dn(dn, isChildOf: layout.realmBase) {
                realms.append(name)
            }
        }
        return Memberships(groups: groups, realms: realms)
    }

    public func capabilities(ofRealm realm: String) async throws -> Set<Capability> {
        guard !realm.isEmpty else { return [] }
        let realmDN = LDAPDistinguishedName.dn([LDAPDistinguishedName.rdn("cn", realm)], parent: layout.realmBase)
        var capabilities: Set<Capability> = []
        let capabilityGroups = try await groupDNs(containing: realmDN) { LDAPDistinguishedName.dn($0, isChildOf: layout.capabilityBase) }
        for dn in capabilityGroups where LDAPDistinguishedName.dn(dn, isChildOf: layout.capabilityBase) {
            if let name = LDAPDistinguishedName.firstValue(of: dn), let capability = Capability(rawValue: name.lowercased()) {
                capabilities.insert(capability)
            }
        }
        return capabilities
    }

    /// The DNs of every group holding `dn`, directly or through at most `nestingDepth`
    /// intermediate groups. One search per level; a level with nothing new to expand ends the walk.
    /// - Parameters:
    ///   - dn: The person or group whose containing groups are wanted.
    ///   - isTerminal: Groups that are reported but not expanded further (no search asks who
    ///     contains them).
    func groupDNs(containing dn: String, isTerminal: (String) -> Bool = { _ in false }) async throws -> [String] {
        var seen: Set<String> = [dn.lowercased()]
        var result: [String] = []
        var frontier = [dn]
        var level = 0
        while !frontier.isEmpty, level <= nestingDepth {
            let filter = LDAPFilter.and([
                .equal("objectClass", "groupOfNames"),
                .or(frontier.map { .equal("member", $0) }),
            ])
            let found = try await directoryOperation {
                try await client.searchAll(base: layout.baseDN, filter: filter, attributes: ["1.1"])
            }
            let new = found.map(\.dn).filter { seen.insert($0.lowercased()).inserted }
            result += new
            frontier = new.filter { !isTerminal($0) }
            level += 1
        }
        return result
    }
}
