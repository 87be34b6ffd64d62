using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Llm;

namespace RbIdp.Tests.Llm;

/// <summary>Where the LLM's settings come from: the <c>Llm</c> section, the AppHost's <c>llm</c> connection string, the prompt file.</summary>
public sealed class LlmSettingsTests
{
    [Fact]
    public async Task Connection_string_from_the_apphost_configures_the_endpoint_key_and_model_over_the_section()
    {
        await using var services = LlmClientTests.LlmServices(new Dictionary<string, string?>
        {
            ["Llm:Model"] = "section-model",
            ["ConnectionStrings:llm"] = "Endpoint=https://llm.internal/v1;Key=sk-from-apphost;Model=qwen2.5-7b-instruct",
        });

        var settings = services.GetRequiredService<IOptions<LlmOptions>>().Value;

        Assert.True(settings.IsConfigured);
        Assert.Equal(new Uri("https://llm.internal/v1"), settings.Endpoint);
        Assert.Equal("sk-from-apphost", settings.ApiKey);
        Assert.Equal("qwen2.5-7b-instruct", settings.Model);
    }

    [Fact]
    public async Task Without_a_connection_string_or_an_endpoint_the_llm_is_not_configured()
    {
        await using var services = LlmClientTests.LlmServices(new Dictionary<string, string?> { ["Llm:Model"] = "section-model" });

        Assert.False(services.GetRequiredService<IOptions<LlmOptions>>().Value.IsConfigured);
    }

    [Fact]
    public void Shipped_prompt_has_a_version_and_quotes_the_schema_and_the_fence()
    {
        var prompt = LlmPrompt.Current;
        var messages = prompt.Question("{\"type\":\"object\"}", new("Иванов Иван Петрович", DeferralReason.Illness, DocumentType.SickLeave, new DateOnly(2026, 11, 20)), "ТЕКСТ");

        Assert.Matches(@"^\d{4}-\d{2}-\d{2}\.\d+$", prompt.Version);
        Assert.Contains("{\"type\":\"object\"}", messages[0].Text, StringComparison.Ordinal);
        Assert.EndsWith($"<<<DOCUMENT {LlmPrompt.FenceId("ТЕКСТ")}>>>\nТЕКСТ\n<<<END DOCUMENT {LlmPrompt.FenceId("ТЕКСТ")}>>>", messages[1].Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[system]\nS\n[user]\nU\n[repair]\nR", "version")]
    [InlineData("version: 1\n[system]\nS\n[user]\nU", "[repair]")]
    public void Prompt_file_without_a_version_or_a_section_is_refused(string content, string missing)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => LlmPrompt.Parse(content));

        Assert.Contains(missing, refused.Message, StringComparison.Ordinal);
    }
}
