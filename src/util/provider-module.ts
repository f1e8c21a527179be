/**
 * The provider bindings other than AWS are optional peer dependencies: a user installs only the ones the modules
 * they use need (Google 307 MB, Azure 269 MB, Kubernetes 145 MB). Every module loads them through this function,
 * on first use, so importing the package never needs them and a missing one names the package to install.
 */
type OptionalProviderPackage =
  | "@cdktf/provider-azurerm"
  | "@cdktf/provider-google"
  | "@cdktf/provider-helm"
  | "@cdktf/provider-kubernetes"
  | "@cdktf/provider-pagerduty";

/** Thrown when a module needs provider bindings that are not installed. */
export class MissingProviderError extends Error {
  constructor(
    readonly packageName: OptionalProviderPackage,
    cause: unknown,
  ) {
    super(`${packageName} is not installed: this module needs it (npm install ${packageName})`, { cause });
    this.name = "MissingProviderError";
  }
}

/**
 * Runs `load` (a `require` of a `<package>/lib/<resource>` submodule, written out so bundlers and types see it) and
 * turns "cannot find that package" into a {@link MissingProviderError}. Node caches the module, so repeated calls
 * are cheap.
 */
export function providerModule<T>(packageName: OptionalProviderPackage, load: () => T): T {
  try {
    return load();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Only the package itself missing: a broken install of one of its own dependencies keeps its own message.
    if (code === "MODULE_NOT_FOUND" && (error as Error).message.includes(`'${packageName}/`))
      throw new MissingProviderError(packageName, error);
    throw error;
  }
}
