using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace RbIdp.Pipeline.Runs.Webhooks;

internal static class WebhookServiceCollectionExtensions
{
    /// <summary>
    /// The callback URL policy and the HTTP client that delivers webhooks. The client resolves the host itself and
    /// connects only to addresses the policy approved (<see cref="CallbackUrlPolicy.ApprovedAddressesAsync"/>), so a
    /// host that resolved to a public address at submission cannot be re-pointed at an internal one (DNS
    /// rebinding), and no packet is sent to an internal address first. No proxy (it would be connected to instead).
    /// Redirects are not followed: a 3xx is a failed delivery, never a second request to where it points. The
    /// service defaults' resilience handler is removed: it retried a 500 within one attempt, unseen by the delivery
    /// log and the job's back-off — Hangfire's schedule is the only retry.
    /// </summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.SectionName)
            .Validate(o => o.Secrets.Values.All(WebhookSigner.IsValidSecret), "Every Webhooks:Secrets value must be whsec_ + base64 of at least 24 bytes.")
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WebhookOptions>, WebhookOptionsValidator>());
        services.AddSingleton<CallbackUrlPolicy>();
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental; it is the documented way to opt one client out.
        services.AddHttpClient(WebhookOptions.HttpClientName)
            .RemoveAllResilienceHandlers()
#pragma warning restore EXTEXP0001
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var options = sp.GetRequiredService<IOptions<WebhookOptions>>().Value;
                var policy = sp.GetRequiredService<CallbackUrlPolicy>();
                return new SocketsHttpHandler
                {
                    AllowAutoRedirect = false,
                    UseProxy = false,
                    ConnectTimeout = options.Timeout,
                    ConnectCallback = async (context, cancellationToken) =>
                    {
                        var addresses = await policy.ApprovedAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
                        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                        try
                        {
                            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
                            return new NetworkStream(socket, ownsSocket: true);
                        }
                        catch
                        {
                            socket.Dispose();
                            throw;
                        }
                    },
                };
            });
        return services;
    }
}
