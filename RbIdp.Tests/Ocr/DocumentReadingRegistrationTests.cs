using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RbIdp.Pipeline;
using RbIdp.Pipeline.Decoding;
using RbIdp.Pipeline.Ocr;

namespace RbIdp.Tests.Ocr;

public sealed class DocumentReadingRegistrationTests
{
    [Fact]
    public void Registered_services_resolve_with_options_from_configuration()
    {
        using var provider = Build(new() { ["Ocr:PoolSize"] = "3", ["Decoding:RenderDpi"] = "200" });

        Assert.Equal(3, provider.GetRequiredService<OcrEnginePool>().Size);
        Assert.Equal(200, provider.GetRequiredService<IOptions<DecoderOptions>>().Value.RenderDpi);
        Assert.NotNull(provider.GetRequiredService<OcrService>());
        Assert.NotNull(provider.GetRequiredService<DocumentDecoder>());
    }

    [Theory]
    [InlineData("Ocr:PoolSize", "0")]
    [InlineData("Ocr:PageTimeout", "00:00:00")]
    [InlineData("Decoding:RenderDpi", "5000")]
    public void Invalid_configuration_is_refused_with_a_clear_message(string key, string value)
    {
        using var provider = Build(new() { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() =>
        {
            _ = provider.GetRequiredService<IOptions<OcrOptions>>().Value;
            _ = provider.GetRequiredService<IOptions<DecoderOptions>>().Value;
        });
        Assert.Contains(key.Split(':')[1], error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        services.AddDocumentReading();
        return services.BuildServiceProvider();
    }
}
