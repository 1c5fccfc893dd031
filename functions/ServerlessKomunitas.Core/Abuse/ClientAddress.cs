using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace ServerlessKomunitas.Abuse;

/// <summary>Who is calling, as a hash fit for a rate-limit key. IPv6 clients count per /64, as one household does.</summary>
public static class ClientAddress
{
    public static string HashOf(HttpRequest request, bool trustForwardedFor)
    {
        var address = request.HttpContext.Connection.RemoteIpAddress;
        if (trustForwardedFor && request.Headers.TryGetValue("X-Forwarded-For", out var forwarded))
        {
            var first = forwarded.ToString().Split(',')[0].Trim();
            // Azure's front ends may append the port: "203.0.113.7:51234".
            if (IPEndPoint.TryParse(first, out var endpoint))
            {
                address = endpoint.Address;
            }
        }
        var key = address switch
        {
            null => "unknown",
            { AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6, IsIPv4MappedToIPv6: false } =>
                Convert.ToHexString(address.GetAddressBytes()[..8]) + "/64",
            _ => address.MapToIPv4().ToString(),
        };
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("client:" + key)))[..32];
    }
}
