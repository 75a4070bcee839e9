// The seed guide's manifests, verbatim (comments included), as users paste them into files.
// Source: /work/shared/reference/seed-guide.md (Basic ConfigMap, Creating Secrets, Custom Secret Type,
// Immutable ConfigMaps, Secret Data Keys, and the Kustomize base/overlay example).
export const guideManifests = {
  'app-config': `apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config
  namespace: default # Optional: Defaults to "default" if not specified
  labels: # Optional: Add labels for organization
    app: myapp
    environment: production
data:
  # You can store entire configuration files
  app.properties: |
    color.background=blue
    color.foreground=white
    app.mode=production
    retry.count=3
  # Different file formats are supported
  app.yml: |
    server:
      port: 8080
      timeout: 30s
    logging:
      level: info
  # Or individual configuration values
  database_url: mongodb://localhost:27017
  cache_ttl: "300"
`,
  'app-secrets': `apiVersion: v1
kind: Secret
metadata:
  name: app-secrets
  namespace: default
  labels:
    app: myapp
type: Opaque  # Generic secret type
data:
  # Values must be base64 encoded
  username: YWRtaW4=          # "admin" in base64
  password: cGFzc3dvcmQ=      # "password" in base64
  api_token: dG9rZW4xMjM0NTY=  # "token123456" in base64
# Alternatively, use stringData for unencoded values (Kubernetes will encode them)
stringData:
  config.json: |
    {
      "apiKey": "xyz123",
      "environment": "production"
    }
`,
  'immutable-config': `apiVersion: v1
kind: ConfigMap
metadata:
  name: immutable-config
  namespace: default
  labels:
    version: "v1.2.3"  # Good practice to version immutable configs
immutable: true  # Prevents any further updates to this ConfigMap
data:
  app.properties: |
    key=value
    environment=production
    feature.new=true
`,
  'mysecret': `apiVersion: v1
kind: Secret
metadata:
  name: mysecret
  annotations:
    my-company.com/secret-rotation: "30d"  # Custom annotations for management
type: mycompany.com/secret-type  # Use a domain-prefixed type for custom types
data:
  custom-key: dmFsdWU=  # base64 encoded value
  api-token: ZXhhbXBsZS10b2tlbg==  # base64 encoded "example-token"
`,
  'tls-secret': `apiVersion: v1
kind: Secret
metadata:
  name: tls-secret
  annotations:
    cert-manager.io/certificate-name: "example-com"  # Optional annotations for management
type: kubernetes.io/tls
data:
  # Required keys for TLS type
  tls.crt: base64-encoded-cert  # Full certificate chain
  tls.key: base64-encoded-key   # Private key
  # Optional additional keys
  ca.crt: base64-encoded-ca     # CA certificate for validation
`,
};

/** The guide's Kustomize example: a base ConfigMap and a production overlay patching it. */
export const guideKustomization = {
  'base/configmap.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config
data:
  database.url: mongodb://localhost:27017
`,
  'overlay/production/kustomization.yaml': `resources:
- ../../base
patchesStrategicMerge:
- configmap-patch.yaml
`,
  'overlay/production/configmap-patch.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config
data:
  database.url: mongodb://prod-db:27017
`,
};
