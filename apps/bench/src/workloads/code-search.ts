import { createRandom, isoAt, type Workload } from './workload.js';

const FILES = [
  'src/components/LoginForm.tsx',
  'src/components/UserProfileCard.tsx',
  'src/components/CheckoutForm.tsx',
  'src/components/DashboardChart.tsx',
  'src/components/SettingsForm.tsx',
] as const;

/** The components that actually use forms: what the query asks for. */
export const FORM_COMPONENTS = ['src/components/LoginForm.tsx', 'src/components/CheckoutForm.tsx', 'src/components/SettingsForm.tsx'] as const;

const LINES: Record<(typeof FILES)[number], readonly string[]> = {
  'src/components/LoginForm.tsx': [
    'const { register, handleSubmit, formState } = useForm<LoginValues>();',
    '<form onSubmit={handleSubmit(onLogin)} className="login-form">',
    '<input {...register("email", { required: true })} type="email" />',
    'if (formState.errors.password) return <FieldError name="password" />;',
  ],
  'src/components/UserProfileCard.tsx': [
    'const { data: user } = useQuery(["user", userId], fetchUser);',
    '<Avatar src={user.avatarUrl} size="lg" />',
    'useEffect(() => { trackView("profile", userId); }, [userId]);',
    'return <Card title={user.displayName}>{children}</Card>;',
  ],
  'src/components/CheckoutForm.tsx': [
    'const form = useForm<CheckoutValues>({ resolver: zodResolver(checkoutSchema) });',
    '<form onSubmit={form.handleSubmit(submitOrder)} noValidate>',
    '<Controller name="cardNumber" control={form.control} render={CardInput} />',
    'const total = useMemo(() => sumLineItems(cart.items), [cart.items]);',
  ],
  'src/components/DashboardChart.tsx': [
    'const series = useMemo(() => toSeries(metrics, range), [metrics, range]);',
    '<LineChart data={series} height={320} />',
    'useEffect(() => { const id = setInterval(refresh, 30_000); return () => clearInterval(id); }, []);',
    'export default memo(DashboardChart);',
  ],
  'src/components/SettingsForm.tsx': [
    'const [values, setValues] = useState<SettingsValues>(initialSettings);',
    '<form onSubmit={onSave} aria-label="Account settings">',
    '<input name="displayName" value={values.displayName} onChange={onChange} />',
    'const onChange = (e: ChangeEvent<HTMLInputElement>) => setValues({ ...values, [e.target.name]: e.target.value });',
  ],
};

const AUTHORS = ['alice.chen', 'bob.martinez', 'carol.nguyen', 'dave.okafor', 'erin.schmidt', 'farid.haddad', 'grace.kim', 'hiro.tanaka', 'ines.silva', 'jon.berg'];

/**
 * Code search, 100 hits: the shape of the reference's "real before/after" payload, regenerated.
 * One compact JSON string, as a search tool returns it.
 */
export function codeSearchWorkload(seed = 1): Workload {
  const random = createRandom(seed);
  const hits = Array.from({ length: 100 }, (_, i) => {
    const file = FILES[i % FILES.length]!;
    const lines = LINES[file];
    const line = 10 + 3 * i;
    return {
      file,
      line,
      content: random.pick(lines),
      language: 'typescript',
      repository: 'acme/storefront-web',
      branch: 'main',
      last_modified: isoAt(-random.int(1, 90) * 86_400_000 - random.int(0, 86_399) * 1000),
      author: AUTHORS[i % AUTHORS.length]!,
      match_score: Math.round((0.95 - 0.005 * i) * 1000) / 1000,
      context: {
        before: [`// line ${line - 2}`, random.pick(lines)],
        after: [random.pick(lines), `// line ${line + 2}`],
      },
      metadata: { size_bytes: random.int(1_200, 9_800), encoding: 'utf-8', mime_type: 'text/typescript' },
    };
  });
  return {
    name: 'code search (100 hits)',
    query: 'Find all React components that use forms',
    outputs: [{ toolName: 'code_search', text: JSON.stringify(hits) }],
    needles: FORM_COMPONENTS.map((file) => ({ label: `form component ${file}`, texts: [file] })),
  };
}
