/// The ports the HTTP edge talks to. `dirauthd` wires LDAP-backed implementations
/// (``DirAuthServices/live(configuration:logger:)``); tests wire in-memory ones.
public struct DirAuthServices: Sendable {
    /// Answers `/readyz`.
    public var health: any DirectoryHealthProbe

    /// Creates the service set.
    /// - Parameter health: The directory health probe.
    public init(health: any DirectoryHealthProbe) {
        self.health = health
    }
}
