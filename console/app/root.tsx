import { data, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node';
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react';
import type { ReactNode } from 'react';
import { clearDrafts } from './components/form.js';
import { roleLabels } from '../../workflows/rules/labels.js';
import { currentAccount } from './services/auth.server.js';
import { consoleContext } from './services/context.server.js';
import { checkDependencies, databaseDownMessage, knownDependencies, temporalDownMessage } from './services/dependencies.server.js';
import { navigationFor } from './services/navigation.server.js';
import stylesHref from './styles.css?url';
import './zod-french.js';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: stylesHref }];

export async function loader({ request }: LoaderFunctionArgs) {
  // Without the database no page can work: one French page saying so, rather than each route's crash.
  if ((await knownDependencies()).postgresql === 'down') throw data({ message: databaseDownMessage }, { status: 503 });
  let account;
  try {
    account = await currentAccount(request);
  } catch (error) {
    if ((await checkDependencies()).postgresql === 'down') throw data({ message: databaseDownMessage }, { status: 503 });
    throw error;
  }
  return {
    professional: account && { displayName: account.displayName, role: roleLabels[account.role], navigation: navigationFor(account.role) },
    // Pages still show what PostgreSQL holds; decisions answer that the engine is down.
    degraded: (await knownDependencies()).temporal === 'down' ? temporalDownMessage : null,
    serviceName: consoleContext().env.SERVICE_NAME,
  };
}

export function Layout({ children }: { children: ReactNode }) {
  const root = useRouteLoaderData<typeof loader>('root');
  const professional = root?.professional;
  return (
    <html lang="fr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#contenu">
          Aller au contenu
        </a>
        <header className="site-header">
          {/* Employees and third parties reach public pages by their personal link: no way into the console for them. */}
          {professional ? (
            <Link to="/" className="brand">
              Santé au travail — console
            </Link>
          ) : (
            <span className="brand">{root?.serviceName ?? 'Service de santé au travail'}</span>
          )}
          {professional ? (
            <>
              <nav aria-label="Navigation principale">
                <ul>
                  {professional.navigation.map((link) => (
                    <li key={link.to}>
                      <NavLink to={link.to} end={link.to === '/entreprise'}>
                        {link.label}
                      </NavLink>
                    </li>
                  ))}
                </ul>
              </nav>
              <div className="who">
                <span>
                  {professional.displayName} <span className="muted-on-dark">· {professional.role}</span>
                </span>
                <Form method="post" action="/deconnexion" onSubmit={clearDrafts}>
                  <button type="submit" className="link-button">
                    Se déconnecter
                  </button>
                </Form>
              </div>
            </>
          ) : null}
        </header>
        <main id="contenu" tabIndex={-1}>
          {root?.degraded ? (
            <aside className="alert warning" role="alert" aria-label="Service dégradé">
              <p>{root.degraded}</p>
            </aside>
          ) : null}
          {children}
        </main>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error)) {
    const message = typeof error.data === 'object' && error.data && 'message' in error.data ? String(error.data.message) : null;
    const titles: Record<number, string> = { 403: 'Accès refusé', 404: 'Page introuvable', 503: 'Service momentanément indisponible' };
    return (
      <section className="panel" aria-labelledby="erreur-titre">
        <h1 id="erreur-titre">{titles[error.status] ?? `Erreur ${error.status}`}</h1>
        <p>{message ?? 'La page demandée n’a pas pu être affichée.'}</p>
        <p>
          <Link to="/">Retour à l’accueil</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="panel" aria-labelledby="erreur-titre">
      <h1 id="erreur-titre">Une erreur est survenue</h1>
      <p>L’incident a été journalisé. Réessayez dans un instant ; s’il persiste, prévenez l’équipe technique.</p>
    </section>
  );
}
