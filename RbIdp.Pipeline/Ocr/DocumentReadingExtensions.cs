using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RbIdp.Pipeline.Decoding;
using RbIdp.Pipeline.Intake;
using RbIdp.Pipeline.Policy;

namespace RbIdp.Pipeline.Ocr;

public static class DocumentReadingExtensions
{
    /// <summary>
    /// Intake, decoding and OCR: options bound from the <c>Pdf</c>, <c>Decoding</c> and <c>Ocr</c> sections and validated at
    /// start; one engine pool for the process.
    /// </summary>
    public static IServiceCollection AddDocumentReading(this IServiceCollection services)
    {
        services.AddOptions<DecoderOptions>().BindConfiguration(DecoderOptions.SectionName).ValidateOnStart();
        services.AddOptions<OcrOptions>().BindConfiguration(OcrOptions.SectionName).ValidateOnStart();
        services.AddOptions<PdfLimits>().BindConfiguration(PdfLimits.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PdfLimits>, PdfLimitsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DecoderOptions>, DecoderOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OcrOptions>, OcrOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => DeferralPolicy.LoadDefault());
        services.TryAddSingleton(sp => sp.GetRequiredService<DeferralPolicy>().Limits);
        services.TryAddSingleton<DocumentIntake>();
        services.TryAddSingleton<PdfRasterizer>();
        services.TryAddSingleton<DocumentDecoder>();
        services.TryAddSingleton<OcrEnginePool>();
        services.TryAddSingleton<PagePreprocessor>();
        services.TryAddSingleton<OcrService>();
        return services;
    }
}
