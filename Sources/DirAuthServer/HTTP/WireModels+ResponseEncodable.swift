// SPDX-License-Identifier: Apache-2.0

public import DirAuthAPI
public import Hummingbird

// The wire models dirauthd returns from handlers are encoded by the context's shared encoder.

extension ChallengeResponse: ResponseEncodable {}
extension TokenResponse: ResponseEncodable {}
extension VerifyTokenResponse: ResponseEncodable {}
extension HealthStatus: ResponseEncodable {}
extension Readiness: ResponseEncodable {}
