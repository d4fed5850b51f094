// Placeholder until the OTP target lands.
enum _OTPPlaceholder {}
