namespace Appliance.Server.Security;

/// <summary>A call refused without checking its credentials because its address failed too often (<see cref="FailedAuthenticationThrottle"/>).</summary>
/// <param name="Source">The address (or its IPv6 /64, or <see cref="FailedAuthenticationThrottle.OtherAddresses"/>) as logged and audited.</param>
/// <param name="Failures">Failed authentications counted in the address's window.</param>
/// <param name="Delay">How long the refusal is held back before it is sent.</param>
/// <param name="Until">When the window ends and credentials from the address are checked again.</param>
/// <param name="First">The first refusal of the window (throttling begins: logged).</param>
internal sealed record ThrottledCall(string Source, int Failures, TimeSpan Delay, DateTimeOffset Until, bool First);
