// SPDX-License-Identifier: Apache-2.0

// Pointer plumbing between Swift values and libldap's C structures. All allocations
// made here are freed before the function returns.
internal import CLDAP

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum CBridge {
    /// Calls `body` with a NULL-terminated `char **` of `strings`, or NULL when empty.
    static func withCStringArray<T>(
        _ strings: [String],
        _ body: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) throws -> T
    ) rethrows -> T {
        if strings.isEmpty { return try body(nil) }
        let array = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: strings.count + 1)
        for (index, string) in strings.enumerated() { array[index] = strdup(string) }
        array[strings.count] = nil
        defer {
            for index in 0..<strings.count { free(array[index]) }
            array.deallocate()
        }
        return try body(array)
    }

    /// Calls `body` with a `struct berval` pointing at a copy of `bytes`.
    static func withBerval<T>(_ bytes: [UInt8], _ body: (UnsafeMutablePointer<berval>) throws -> T) rethrows -> T {
        let storage = UnsafeMutablePointer<CChar>.allocate(capacity: max(bytes.count, 1))
        bytes.withUnsafeBufferPointer { source in
            if let base = source.baseAddress, !bytes.isEmpty {
                UnsafeMutableRawPointer(storage).copyMemory(from: base, byteCount: bytes.count)
            }
        }
        var value = berval(bv_len: ber_len_t(bytes.count), bv_val: storage)
        defer { storage.deallocate() }
        return try withUnsafeMutablePointer(to: &value) { try body($0) }
    }

    /// Copies the bytes of a `struct berval`.
    static func bytes(of value: berval) -> [UInt8] {
        guard let pointer = value.bv_val, value.bv_len > 0 else { return [] }
        return UnsafeRawBufferPointer(start: pointer, count: Int(value.bv_len)).map { $0 }
    }

    /// Takes a libldap-allocated C string, copies it and frees it with `ldap_memfree`.
    static func takeString(_ pointer: UnsafeMutablePointer<CChar>?) -> String? {
        guard let pointer else { return nil }
        defer { ldap_memfree(pointer) }
        return String(cString: pointer)
    }

    /// Calls `body` with a NULL-terminated `LDAPMod **` for `changes` (all values as
    /// `LDAP_MOD_BVALUES`).
    static func withMods<T>(
        _ changes: [(op: Int32, attribute: String, values: [[UInt8]])],
        _ body: (UnsafeMutablePointer<UnsafeMutablePointer<LDAPMod>?>) throws -> T
    ) rethrows -> T {
        let mods = UnsafeMutablePointer<UnsafeMutablePointer<LDAPMod>?>.allocate(capacity: changes.count + 1)
        var cleanups: [() -> Void] = []
        defer {
            for cleanup in cleanups { cleanup() }
            mods.deallocate()
        }
        for (index, change) in changes.enumerated() {
            let mod = UnsafeMutablePointer<LDAPMod>.allocate(capacity: 1)
            let type = strdup(change.attribute)
            let values = UnsafeMutablePointer<UnsafeMutablePointer<berval>?>.allocate(capacity: change.values.count + 1)
            for (valueIndex, bytes) in change.values.enumerated() {
                let storage = UnsafeMutablePointer<CChar>.allocate(capacity: max(bytes.count, 1))
                bytes.withUnsafeBufferPointer { source in
                    if let base = source.baseAddress, !bytes.isEmpty {
                        UnsafeMutableRawPointer(storage).copyMemory(from: base, byteCount: bytes.count)
                    }
                }
                let value = UnsafeMutablePointer<berval>.allocate(capacity: 1)
                value.initialize(to: berval(bv_len: ber_len_t(bytes.count), bv_val: storage))
                values[valueIndex] = value
            }
            values[change.values.count] = nil
            mod.initialize(to: LDAPMod())
            mod.pointee.mod_op = change.op | LDAP_MOD_BVALUES
            mod.pointee.mod_type = type
            mod.pointee.mod_vals.modv_bvals = values
            mods[index] = mod
            let count = change.values.count
            cleanups.append {
                for valueIndex in 0..<count {
                    if let value = values[valueIndex] {
                        value.pointee.bv_val?.deallocate()
                        value.deallocate()
                    }
                }
                values.deallocate()
                free(type)
                mod.deallocate()
            }
        }
        mods[changes.count] = nil
        return try body(mods)
    }
}
