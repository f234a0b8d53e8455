using System.Diagnostics;

namespace Digits.Sdk.Benchmarks;

/// <summary>
/// A fresh console app, as <c>dotnet new console</c> and <c>dotnet add package</c> make it, that reads the picture given
/// as its argument with the pretrained model and prints <c>label N</c>. It references one package of a
/// <see cref="LocalPackageFeed"/> and nothing else.
/// </summary>
internal sealed class ConsumerApp
{
    /// <summary>The whole program: what an application that only reads digits needs.</summary>
    private const string Program = """
        using Digits.Sdk.Inference;

        using var classifier = DigitClassifier.LoadPretrained();
        var prediction = classifier.PredictImage(args[0]);
        Console.WriteLine($"label {prediction.Label}");
        """;

    private ConsumerApp(string folder) => Folder = folder;

    /// <summary>The project's folder.</summary>
    public string Folder { get; }

    /// <summary>The executable's name, in the project folder's output and in a publish folder.</summary>
    public static string ExecutableName => "Reader";

    /// <summary>Writes the project into <paramref name="folder"/>, referencing <paramref name="packageId"/> from <paramref name="feed"/>.</summary>
    public static ConsumerApp Create(string folder, string packageId, LocalPackageFeed feed)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, $"{ExecutableName}.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="{packageId}" Version="{feed.Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(folder, "nuget.config"), feed.NuGetConfig);
        File.WriteAllText(Path.Combine(folder, "Program.cs"), Program);
        return new ConsumerApp(folder);
    }

    /// <summary>
    /// <c>dotnet publish -c Release -r linux-x64</c> with <paramref name="properties"/> (for example
    /// <c>-p:PublishAot=true</c>) into <c>publish/</c> of the project folder.
    /// </summary>
    public PublishResult Publish(IReadOnlyList<string> properties)
    {
        var output = Path.Combine(Folder, "publish");
        var clock = Stopwatch.StartNew();
        var (code, log) = BenchmarkEnvironment.RunProcess(
            "dotnet",
            ["publish", "-c", "Release", "-r", "linux-x64", "-o", output, "-nologo", .. properties],
            Folder);
        var seconds = clock.Elapsed.TotalSeconds;
        return new PublishResult(code == 0, output, Path.Combine(output, ExecutableName), seconds, log);
    }
}
