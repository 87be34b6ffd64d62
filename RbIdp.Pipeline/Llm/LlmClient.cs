using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Processing;

namespace RbIdp.Pipeline.Llm;

/// <summary>
/// Asks an OpenAI-compatible chat-completions service for the same checks as the rules, as JSON. Never throws
/// for the service's faults: an unreachable, slow or incoherent LLM gives <see cref="LlmCheck.Failed"/> and the
/// verdict comes from the rules alone.
/// </summary>
public sealed partial class LlmClient(HttpClient http, IOptions<LlmOptions> options, ILogger<LlmClient> logger)
{
    private const string SystemPrompt = """
        You check a supporting document for a loan-deferment request at a Russian bank. You get the OCR text of
        the document (Russian, possibly with OCR errors). Answer with ONE JSON object and nothing else:
        {"doc_type": one of "sick_leave","medical_certificate","unemployment_certificate","employment_record",
           "income_certificate","mobilization_notice","disability_certificate","emergency_certificate",
           "birth_certificate", or null if none fits,
         "issue_date": the date that dates this document as "YYYY-MM-DD" (not a birth date, a period or a tax year), or null,
         "persons": [{"text": as written, "nominative": full name in the nominative case,
                      "role": "subject" (whom the document is about: patient, taxpayer, unemployed citizen, parent)
                              or "official" (doctor, signatory, inspector) or "other"}],
         "consistent_with_reason": true or false,
         "justification": one short sentence}
        """;

    public async Task<LlmCheck> CheckAsync(string text, DocumentRequest request, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.IsConfigured)
        {
            return LlmCheck.Skipped;
        }

        var document = text.Length > settings.MaxInputChars ? text[..settings.MaxInputChars] : text;
        var body = new ChatRequest(
            settings.Model,
            [
                new ChatMessage("system", SystemPrompt),
                new ChatMessage("user", $"Declared reason: {WireNames.Of(request.Reason)}. Declared document type: {WireNames.Of(request.DocType)}.\n\nOCR text:\n{document}"),
            ],
            0,
            new ResponseFormat("json_object"));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(settings.Endpoint!.AbsoluteUri.TrimEnd('/') + "/chat/completions"))
            {
                Content = JsonContent.Create(body, LlmJsonContext.Default.ChatRequest),
            };
            if (!string.IsNullOrEmpty(settings.ApiKey))
            {
                message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.ApiKey);
            }

            using var response = await http.SendAsync(message, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                return Fail($"HTTP {(int)response.StatusCode} from the LLM");
            }

            var completion = await response.Content.ReadFromJsonAsync(LlmJsonContext.Default.ChatResponse, timeout.Token);
            var content = completion?.Choices is { Count: > 0 } choices ? choices[0].Message?.Content : null;
            return content is null ? Fail("The LLM answered without content") : Logged(Parse(content));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Fail($"The LLM did not answer within {settings.Timeout.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or NotSupportedException or InvalidOperationException
                                      or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException)
        {
            return Fail($"{e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>Parses the model's JSON answer; anything outside the contract makes the whole answer unusable.</summary>
    internal static LlmCheck Parse(string content)
    {
        var start = content.IndexOf('{', StringComparison.Ordinal);
        var end = content.LastIndexOf('}');
        if (start < 0 || end <= start)
        {
            return LlmCheck.Failed("The LLM's answer holds no JSON object");
        }

        LlmAnswer? answer;
        try
        {
            answer = JsonSerializer.Deserialize(content.AsSpan(start, end - start + 1), LlmJsonContext.Default.LlmAnswer);
        }
        catch (JsonException e)
        {
            return LlmCheck.Failed($"The LLM's JSON is malformed: {e.Message}");
        }

        if (answer is null)
        {
            return LlmCheck.Failed("The LLM's JSON is empty");
        }

        DocumentType? docType = null;
        if (answer.DocType is { Length: > 0 } rawType)
        {
            if (!WireNames.TryParse<DocumentType>(rawType, out var parsedType))
            {
                return LlmCheck.Failed($"The LLM named an unknown document type '{rawType}'");
            }

            docType = parsedType;
        }

        DateOnly? issueDate = null;
        if (answer.IssueDate is { Length: > 0 } rawDate)
        {
            if (!DateOnly.TryParseExact(rawDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsedDate))
            {
                return LlmCheck.Failed($"The LLM gave an issue date that is not YYYY-MM-DD: '{rawDate}'");
            }

            issueDate = parsedDate;
        }

        var persons = (answer.Persons ?? [])
            .Where(p => !string.IsNullOrWhiteSpace(p.Text) || !string.IsNullOrWhiteSpace(p.Nominative))
            .Select(p => new LlmPerson(p.Text ?? p.Nominative!, p.Nominative, (p.Role ?? "other").Trim().ToLowerInvariant()))
            .ToList();
        return LlmCheck.Used(new LlmFindings(docType, issueDate, persons, answer.ConsistentWithReason, answer.Justification));
    }

    private LlmCheck Fail(string error) => Logged(LlmCheck.Failed(error));

    private LlmCheck Logged(LlmCheck check)
    {
        if (check.Error is { } error)
        {
            LogLlmFailed(logger, error);
        }

        return check;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "LLM check failed, the rules decide alone: {Error}")]
    private static partial void LogLlmFailed(ILogger logger, string error);
}
