using System.Net;
using System.Net.Sockets;

namespace Digits.Sdk.Tests.Data;

/// <summary>A real HTTP server on 127.0.0.1 for download tests; each request goes to the handler for its path.</summary>
internal sealed class LocalHttpServer : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Dictionary<string, Func<HttpListenerContext, Task>> routes = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stopping = new();
    private readonly Task loop;
    private int requests;

    public LocalHttpServer()
    {
        // HttpListener cannot pick a port itself; borrow a free one from the OS.
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        listener.Prefixes.Add(BaseAddress.ToString());
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public Uri BaseAddress { get; }

    public int Requests => Volatile.Read(ref requests);

    public Uri Folder(string name) => new(BaseAddress, name.TrimEnd('/') + "/");

    public void Serve(string path, Func<HttpListenerContext, Task> handler) => routes["/" + path.TrimStart('/')] = handler;

    public void ServeBytes(string path, byte[] body) => Serve(path, context => WriteAsync(context, body));

    public static async Task WriteAsync(HttpListenerContext context, byte[] body)
    {
        context.Response.ContentLength64 = body.Length;
        await context.Response.OutputStream.WriteAsync(body);
        context.Response.Close();
    }

    public void Dispose()
    {
        stopping.Cancel();
        listener.Close();
        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }

            Interlocked.Increment(ref requests);
            _ = Task.Run(async () =>
            {
                try
                {
                    if (routes.TryGetValue(context.Request.Url!.AbsolutePath, out var handler))
                    {
                        await handler(context);
                    }
                    else
                    {
                        context.Response.StatusCode = 404;
                        context.Response.Close();
                    }
                }
                catch (Exception) when (stopping.IsCancellationRequested)
                {
                }
                catch (HttpListenerException)
                {
                    // The client went away (cancellation tests do that on purpose).
                }
                catch (IOException)
                {
                }
                catch (ObjectDisposedException)
                {
                }
            });
        }
    }
}
