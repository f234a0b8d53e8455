// Each benchmark is a named entry; later issues register theirs here.
Console.WriteLine("usage: dotnet run -c Release --project tests/Digits.Sdk.Benchmarks -- <benchmark>");
return 0;
