using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using RbIdp.Tests.Infrastructure;

namespace RbIdp.Tests.Llm;

/// <summary>
/// A private CA made for one test run, as a bank's internal PKI would be: its certificate is written to a PEM bundle
/// for <c>Llm:CaBundlePath</c>, and it issues the local LLM server's certificate (127.0.0.1 and localhost).
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private readonly RSA _key = RSA.Create(2048);
    private readonly string _folder = LocalServer.CreateTempDirectory("llm-ca");

    public TestCertificateAuthority(string name)
    {
        var request = new CertificateRequest($"CN={name}, O=RB IDP tests", _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        Certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        BundlePath = Path.Combine(_folder, "ca-bundle.pem");
        File.WriteAllText(BundlePath, Certificate.ExportCertificatePem());
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>A PEM file holding this CA's certificate only.</summary>
    public string BundlePath { get; }

    /// <summary>A TLS server certificate for 127.0.0.1 / localhost, signed by this CA, with its private key.</summary>
    public X509Certificate2 IssueServerCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var serial = RandomNumberGenerator.GetBytes(16);
        using var issued = request.Create(Certificate, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(12), serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        // Round-trip through PKCS#12 so that the key is usable by the TLS stack on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    public void Dispose()
    {
        Certificate.Dispose();
        _key.Dispose();
        LocalServer.DeleteDirectory(_folder);
    }
}
