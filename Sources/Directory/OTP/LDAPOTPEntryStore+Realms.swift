// SPDX-License-Identifier: Apache-2.0

import Foundation
import LDAPClient
import Logging

// Realm groups: membership of OTP entries (`member` values of `cn=<realm>,<realm base>`).
extension LDAPOTPEntryStore {
    /// Adds `dn` to the realm group, creating the group when it is missing, and drops the placeholder.
    func addMembership(_ dn: String, realm: String) async throws {
        let group = realmDN(realm)
        for _ in 0..<3 {
            do {
                try await client.modify(dn: group, changes: [.add("member", strings: [dn])])
            } catch let error as LDAPError where error.code == .attributeOrValueExists {
                // Already a member.
            } catch let error as LDAPError where error.code == .noSuchObject {
                do {
                    try await client.add(dn: group, attributes: [
                        "objectClass": [Array("groupOfNames".utf8)],
                        "cn": [Array(realm.utf8)],
                        "member": [Array(dn.utf8)],
                    ])
                    logger.info("realm group created", metadata: ["realm": "\(realm)"])
                    return
                } catch let error as LDAPError where error.code == .alreadyExists {
                    continue  // created meanwhile: add the member to it
                } catch let error as LDAPError {
                    throw error.asDirectoryError
                }
            } catch let error as LDAPError {
                throw error.asDirectoryError
            }
            do {
                try await client.modify(dn: group, changes: [.delete("member", value: Array(layout.placeholderMemberDN.utf8))])
            } catch let error as LDAPError where error.code == .noSuchAttribute || error.code == .objectClassViolation {
                // The placeholder was not there (or is, oddly, the only member left).
            } catch let error as LDAPError {
                throw error.asDirectoryError
            }
            return
        }
        throw DirectoryError.conflict("could not add \(dn) to the realm group \(group)")
    }

    /// Removes `dn` from the realm group; puts the placeholder back when it was the last member.
    func removeMembership(_ dn: String, realm: String) async throws {
        let group = realmDN(realm)
        do {
            try await client.modify(dn: group, changes: [.delete("member", value: Array(dn.utf8))])
        } catch let error as LDAPError where error.code == .noSuchAttribute || error.code == .noSuchObject {
            return
        } catch let error as LDAPError where error.code == .objectClassViolation {
            do {
                try await client.modify(dn: group, changes: [
                    .add("member", strings: [layout.placeholderMemberDN]),
                    .delete("member", value: Array(dn.utf8)),
                ])
            } catch let error as LDAPError where error.code == .noSuchAttribute {
                return
            } catch let error as LDAPError {
                throw error.asDirectoryError
            }
        } catch let error as LDAPError {
            throw error.asDirectoryError
        }
    }

    /// The `member` values of every realm group, lower-cased, by the group's lower-cased
    /// name (one one-level search of the realm base).
    func realmMembers() async throws -> [String: Set<String>] {
        let groups = try await directoryOperation {
            try await client.searchAll(
                base: layout.realmBase, scope: .oneLevel, filter: .equal("objectClass", "groupOfNames"), attributes: ["member"]
            )
        }
        var members: [String: Set<String>] = [:]
        for group in groups {
            guard let realm = LDAPDistinguishedName.firstValue(of: group.dn)?.lowercased() else { continue }
            members[realm, default: []].formUnion(group.strings("member").map { $0.lowercased() })
        }
        return members
    }

    /// Whether `dn` is a member of the realm group (the server compares DNs, so escaping
    /// variants cannot fool it).
    func isMember(_ dn: String, realm: String) async throws -> Bool {
        do {
            return try await client.compare(dn: realmDN(realm), attribute: "member", value: Array(dn.utf8))
        } catch let error as LDAPError where [.noSuchObject, .noSuchAttribute, .undefinedAttributeType, .invalidDNSyntax].contains(error.code) {
            return false
        } catch let error as LDAPError {
            throw error.asDirectoryError
        }
    }
}
