namespace FlexCodegen.Generator;

/// <summary>Step names for caching tests.</summary>
public static class TrackingNames
{
    public const string Files = nameof(Files);
    public const string Results = nameof(Results);
    public const string Models = nameof(Models);
    public const string Sids = nameof(Sids);
    public const string Enums = nameof(Enums);
    public const string Objects = nameof(Objects);
    public const string Requests = nameof(Requests);
    public const string Resources = nameof(Resources);
    public const string EventTypes = nameof(EventTypes);
    public const string HasHttpClientFactory = nameof(HasHttpClientFactory);
    public const string HasConfiguration = nameof(HasConfiguration);
    public const string AllClients = nameof(AllClients);

    /// <summary>The API locks the FlexCodegenWriteApiLocks target asked for (none in an ordinary build).</summary>
    public const string ApiLocks = nameof(ApiLocks);
    public const string ReferencedClients = nameof(ReferencedClients);
    public const string CheckedResults = nameof(CheckedResults);
}
