//! Case folders and their catalogs on a real database, once on SQLite and once on PostgreSQL.

use app::backend::services::catalogs::{self, EntryForm};
use app::backend::services::seed;
use app::backend::store::audit;
use app::backend::testing::TestDb;
use app::backend::AppError;
use app::domain::catalog::CatalogKind;
use app::domain::form::FieldProblem;
use app::domain::people::Role;
use app::model::FolderView;
use app::on_both_backends;

fn names(view: &FolderView, kind: CatalogKind) -> Vec<String> {
    view.entries
        .iter()
        .filter(|e| e.kind == kind)
        .map(|e| e.name.clone())
        .collect()
}

fn entry(folder_id: i64, kind: &str, name: &str) -> EntryForm {
    EntryForm {
        folder_id,
        kind: kind.into(),
        name: name.into(),
        binding: String::new(),
        parent_id: None,
    }
}

async fn demo_folder_holds_exactly_the_catalogs_of_the_seeds(db: &TestDb) {
    seed::demo(&db.state).await.unwrap();
    seed::demo(&db.state).await.unwrap();
    let admin = db.existing("admin@example.com").await;
    let folders = catalogs::folders(&db.state, &admin).await.unwrap();
    assert_eq!(
        folders.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(),
        ["Casos de Clientes"]
    );
    let view = catalogs::folder_view(&db.state, &admin, folders[0].id)
        .await
        .unwrap();

    assert_eq!(
        names(&view, CatalogKind::Qualification),
        [
            "Reclamación",
            "Incidencia",
            "Necesidad de mantenimiento",
            "Pregunta de soporte"
        ]
    );
    assert_eq!(names(&view, CatalogKind::Cause).len(), 9);
    assert_eq!(names(&view, CatalogKind::Cause)[8], "Otros");
    assert_eq!(
        names(&view, CatalogKind::Severity),
        ["Alta", "Media", "Baja", "N/A"]
    );
    assert_eq!(
        names(&view, CatalogKind::Priority),
        ["Alta", "Media", "Baja"]
    );
    // seeds/003's two types, then the collection dispute of seeds/004 (its channels, SPEC A8)
    // and the payment-schedule change of seeds/001 (always approved, SPEC A9).
    assert_eq!(
        names(&view, CatalogKind::CaseType),
        [
            "Clientes",
            "Socios",
            "Disputa de cobranza",
            "Cambio de plan de pagos",
            "Cambio de domicilio"
        ]
    );
    assert_eq!(names(&view, CatalogKind::Resolution).len(), 7);
    assert_eq!(
        names(&view, CatalogKind::CaseGroup),
        ["Tiendas propias", "Distribuidores"]
    );
    assert_eq!(names(&view, CatalogKind::Area), ["Gestión de Clientes"]);
    let categories: Vec<_> = view
        .entries
        .iter()
        .filter(|e| e.kind == CatalogKind::Category)
        .map(|e| (e.name.as_str(), e.depth))
        .collect();
    assert_eq!(
        categories,
        [("Medidor", 1), ("Cobranza", 2), ("Gestión de cobranza", 3)]
    );
}

async fn admin_reorders_renames_and_deactivates_and_each_change_is_audited(db: &TestDb) {
    let admin = db.person("admin@example.com", Role::Admin).await;
    let folder = catalogs::create_folder(&db.state, &admin, "Reclamos de Seguros")
        .await
        .unwrap();
    let mut ids = Vec::new();
    for name in ["Póliza vencida", "Siniestro rechazado", "Demora en el pago"] {
        ids.push(
            catalogs::add_entry(&db.state, &admin, entry(folder, "cause", name))
                .await
                .unwrap(),
        );
    }
    catalogs::move_entry(&db.state, &admin, ids[2], true)
        .await
        .unwrap();
    catalogs::move_entry(&db.state, &admin, ids[0], true)
        .await
        .unwrap(); // already first: nothing
    catalogs::rename_entry(&db.state, &admin, ids[1], "Siniestro rechazado sin motivo")
        .await
        .unwrap();
    catalogs::set_entry_active(&db.state, &admin, ids[0], false)
        .await
        .unwrap();

    let view = catalogs::folder_view(&db.state, &admin, folder)
        .await
        .unwrap();
    assert_eq!(
        names(&view, CatalogKind::Cause),
        [
            "Póliza vencida",
            "Demora en el pago",
            "Siniestro rechazado sin motivo"
        ]
    );
    let inactive: Vec<_> = view
        .entries
        .iter()
        .filter(|e| !e.active)
        .map(|e| e.id)
        .collect();
    assert_eq!(inactive, [ids[0]]);

    let mut conn = db.state.store.pool().acquire().await.unwrap();
    let trail = audit::verify(&mut conn, app::backend::audit_key::current().unwrap())
        .await
        .unwrap();
    assert!(trail.problems.is_empty());
    let actions: Vec<String> =
        sqlx::query_scalar("SELECT action FROM audit_events WHERE entity <> 'user' ORDER BY seq")
            .fetch_all(&mut *conn)
            .await
            .unwrap();
    assert_eq!(
        actions,
        [
            "folder_created",
            "catalog_entry_added",
            "catalog_entry_added",
            "catalog_entry_added",
            "catalog_entry_moved",
            "catalog_entry_renamed",
            "catalog_entry_deactivated"
        ]
    );
}

async fn only_admins_change_catalogs(db: &TestDb) {
    let admin = db.person("admin@example.com", Role::Admin).await;
    let manager = db.person("gestor@example.com", Role::Manager).await;
    let folder = catalogs::create_folder(&db.state, &admin, "Carpeta")
        .await
        .unwrap();
    let id = catalogs::add_entry(&db.state, &admin, entry(folder, "cause", "Otros"))
        .await
        .unwrap();
    assert!(matches!(
        catalogs::create_folder(&db.state, &manager, "Otra").await,
        Err(AppError::Forbidden)
    ));
    assert!(matches!(
        catalogs::add_entry(&db.state, &manager, entry(folder, "cause", "X")).await,
        Err(AppError::Forbidden)
    ));
    assert!(matches!(
        catalogs::rename_entry(&db.state, &manager, id, "X").await,
        Err(AppError::Forbidden)
    ));
    assert!(matches!(
        catalogs::move_entry(&db.state, &manager, id, true).await,
        Err(AppError::Forbidden)
    ));
    assert!(matches!(
        catalogs::set_entry_active(&db.state, &manager, id, false).await,
        Err(AppError::Forbidden)
    ));
    assert!(matches!(
        catalogs::folder_view(&db.state, &manager, folder).await,
        Err(AppError::Forbidden)
    ));
}

async fn bad_entries_are_refused_by_field(db: &TestDb) {
    let admin = db.person("admin@example.com", Role::Admin).await;
    let folder = catalogs::create_folder(&db.state, &admin, "Carpeta")
        .await
        .unwrap();
    let Err(AppError::Invalid(e)) = catalogs::create_folder(&db.state, &admin, " Carpeta ").await
    else {
        panic!()
    };
    assert_eq!(e.get("name"), Some(&FieldProblem::Taken));

    let Err(AppError::Invalid(e)) =
        catalogs::add_entry(&db.state, &admin, entry(folder, "case_type", "Clientes")).await
    else {
        panic!("a case type without binding was accepted")
    };
    assert_eq!(e.get("binding"), Some(&FieldProblem::Required));

    let mut parent = None;
    for name in ["Uno", "Dos", "Tres"] {
        let form = EntryForm {
            parent_id: parent,
            ..entry(folder, "category", name)
        };
        parent = Some(catalogs::add_entry(&db.state, &admin, form).await.unwrap());
    }
    let fourth = EntryForm {
        parent_id: parent,
        ..entry(folder, "category", "Cuatro")
    };
    let Err(AppError::Invalid(e)) = catalogs::add_entry(&db.state, &admin, fourth).await else {
        panic!("a 4th level")
    };
    assert_eq!(e.get("parent"), Some(&FieldProblem::Invalid));
    assert!(matches!(
        catalogs::add_entry(&db.state, &admin, entry(9999, "cause", "X")).await,
        Err(AppError::NotFound)
    ));
}

on_both_backends!(
    demo_folder_holds_exactly_the_catalogs_of_the_seeds,
    admin_reorders_renames_and_deactivates_and_each_change_is_audited,
    only_admins_change_catalogs,
    bad_entries_are_refused_by_field,
);
